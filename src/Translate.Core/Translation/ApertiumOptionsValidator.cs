using Microsoft.Extensions.Options;

namespace Translate.Core.Translation;

/// <summary>Checks <see cref="ApertiumOptions"/> (section "Processing:Apertium").</summary>
public sealed class ApertiumOptionsValidator : IValidateOptions<ApertiumOptions>
{
    public ValidateOptionsResult Validate(string? name, ApertiumOptions options) =>
        options.TimeoutSeconds < 1
            ? ValidateOptionsResult.Fail($"Processing:Apertium:TimeoutSeconds must be at least 1; it is {options.TimeoutSeconds}.")
            : ValidateOptionsResult.Success;
}
