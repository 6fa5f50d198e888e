using Microsoft.Extensions.Options;

namespace Translate.Core.Summarization;

/// <summary>Checks <see cref="ExtractiveSummarizerOptions"/> (section "Processing:Extractive").</summary>
public sealed class ExtractiveSummarizerOptionsValidator : IValidateOptions<ExtractiveSummarizerOptions>
{
    public ValidateOptionsResult Validate(string? name, ExtractiveSummarizerOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.DuplicateSimilarity is <= 0 or > 1)
        {
            result.AddError("Processing:Extractive: DuplicateSimilarity must be in (0, 1].");
        }
        return result.Build();
    }
}
