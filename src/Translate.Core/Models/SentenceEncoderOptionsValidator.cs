using Microsoft.Extensions.Options;

namespace Translate.Core.Models;

/// <summary>Checks <see cref="SentenceEncoderOptions"/> (section "Processing:Embeddings").</summary>
public sealed class SentenceEncoderOptionsValidator : IValidateOptions<SentenceEncoderOptions>
{
    public ValidateOptionsResult Validate(string? name, SentenceEncoderOptions options) =>
        options.MaxTokens is < 3 or > 512
            ? ValidateOptionsResult.Fail($"Processing:Embeddings:MaxTokens must be between 3 and 512 (the model's position limit); it is {options.MaxTokens}.")
            : ValidateOptionsResult.Success;
}
