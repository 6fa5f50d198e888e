using Microsoft.Extensions.Options;

namespace Translate.Core.Summarization;

/// <summary>Checks <see cref="ExtractiveSummarizerOptions"/> (section "Processing:Extractive").</summary>
public sealed class ExtractiveSummarizerOptionsValidator : IValidateOptions<ExtractiveSummarizerOptions>
{
    public ValidateOptionsResult Validate(string? name, ExtractiveSummarizerOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.LeadHalfLife <= 0 || options.CentralityWeight < 0 || options.QuotePenalty < 0)
        {
            result.AddError("Processing:Extractive: LeadHalfLife must be above 0, CentralityWeight and QuotePenalty 0 or more.");
        }
        if (options.LengthExponent is < 0 or > 3 || options.DuplicateSimilarity is <= 0 or > 1 || options.SearchPool is < 1 or > 16)
        {
            result.AddError("Processing:Extractive: LengthExponent must be in 0..3, DuplicateSimilarity in (0, 1], SearchPool in 1..16.");
        }
        return result.Build();
    }
}
