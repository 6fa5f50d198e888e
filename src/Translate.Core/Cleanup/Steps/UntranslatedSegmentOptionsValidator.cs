using Microsoft.Extensions.Options;

namespace Translate.Core.Cleanup.Steps;

/// <summary>Checks <see cref="UntranslatedSegmentOptions"/> (section "Processing:Untranslated").</summary>
public sealed class UntranslatedSegmentOptionsValidator : IValidateOptions<UntranslatedSegmentOptions>
{
    public ValidateOptionsResult Validate(string? name, UntranslatedSegmentOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MinimumConfidence is < 0 or > 1)
        {
            result.AddError($"Processing:Untranslated:MinimumConfidence must be between 0 and 1; it is {options.MinimumConfidence}.");
        }
        if (options.MinimumOdds < 1)
        {
            result.AddError($"Processing:Untranslated:MinimumOdds must be at least 1; it is {options.MinimumOdds}.");
        }
        if (options.TranslationConfidence is < 0 or > 1)
        {
            result.AddError($"Processing:Untranslated:TranslationConfidence must be between 0 and 1; it is {options.TranslationConfidence}.");
        }
        return result.Build();
    }
}
