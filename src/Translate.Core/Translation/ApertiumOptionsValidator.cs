using Microsoft.Extensions.Options;

namespace Translate.Core.Translation;

/// <summary>Checks <see cref="ApertiumOptions"/> (section "Processing:Apertium").</summary>
public sealed class ApertiumOptionsValidator : IValidateOptions<ApertiumOptions>
{
    public ValidateOptionsResult Validate(string? name, ApertiumOptions options)
    {
        if (options.TimeoutSeconds < 1)
        {
            return ValidateOptionsResult.Fail($"Processing:Apertium:TimeoutSeconds must be at least 1; it is {options.TimeoutSeconds}.");
        }
        return options.ProcessesPerDirection is < 1 or > 64
            ? ValidateOptionsResult.Fail($"Processing:Apertium:ProcessesPerDirection must be from 1 to 64; it is {options.ProcessesPerDirection}.")
            : ValidateOptionsResult.Success;
    }
}
