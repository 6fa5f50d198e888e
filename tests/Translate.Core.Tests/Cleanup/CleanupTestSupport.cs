using Translate.Core.Cleanup;
using Translate.Core.Text;

namespace Translate.Core.Tests.Cleanup;

/// <summary>Runs rule-based cleanup steps the way the service does, without loading the full runtime.</summary>
internal static class CleanupTestSupport
{
    // The rule steps never ask for a language; two languages loaded lazily keep the identifier cheap.
    private static readonly Lazy<LanguageIdentifier> Languages = new(() =>
    {
        var options = new LanguageIdentifierOptions { Preload = false };
        options.Languages.Clear();
        options.Languages.Add("en");
        options.Languages.Add("fr");
        return new LanguageIdentifier(options);
    });

    public static Task<CleanupResult> CleanAsync(string text, params ICleanupStep[] steps) =>
        new CleanupPipeline(steps, Languages.Value).CleanAsync(text, new CleanupRequest("en", 0.5));

    public static async Task<List<ProposedEdit>> ProposeAsync(ICleanupStep step, string text)
    {
        var edits = new List<ProposedEdit>();
        await step.ProposeAsync(new CleanupContext(text, new CleanupRequest("en", 0.5), Languages.Value, []), edits, CancellationToken.None);
        return edits;
    }
}
