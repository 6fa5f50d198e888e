using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Language;
using Translate.Core.Translation;

namespace Translate.Core.Tests.Cleanup;

/// <summary>Runs cleanup steps on a text the way the service does, with a shared language identifier.</summary>
internal static class CleanupTestKit
{
    private static readonly Lazy<LanguageIdentifier> SharedLanguages = new(() => new LanguageIdentifier(new LanguageIdentifierOptions { Preload = false }));

    public static LanguageIdentifier Languages => SharedLanguages.Value;

    public static Task<CleanupResult> RunAsync(string text, params ICleanupStep[] steps) =>
        RunAsync(text, new CleanupRequest("en", 0.5), steps);

    public static Task<CleanupResult> RunAsync(string text, CleanupRequest request, params ICleanupStep[] steps) =>
        new CleanupPipeline(steps, Languages).CleanAsync(text, request, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>One step's proposals on a text, before guards and composition.</summary>
    public static async Task<List<ProposedEdit>> ProposeAsync(ICleanupStep step, string text)
    {
        var edits = new List<ProposedEdit>();
        await step.ProposeAsync(new CleanupContext(text, new CleanupRequest("en", 0.5), Languages, []), edits, TestContext.Current.CancellationToken);
        return edits;
    }

    /// <summary>Applies the applied edits, in input coordinates, to the input.</summary>
    public static string ApplyEdits(string input, IReadOnlyList<Edit> edits)
    {
        var builder = new System.Text.StringBuilder();
        var position = 0;
        foreach (var edit in edits.Where(e => e.Disposition == EditDisposition.Applied).OrderBy(e => e.Span.Start))
        {
            Assert.True(edit.Span.Start >= position, $"Applied edits overlap at {edit.Span}.");
            builder.Append(input, position, edit.Span.Start - position).Append(edit.Replacement);
            position = edit.Span.End;
        }
        return builder.Append(input, position, input.Length - position).ToString();
    }

    /// <summary>The pipeline of the service without a translator (every step but translation).</summary>
    public static IReadOnlyList<ICleanupStep> AllSteps(IReadOnlyList<ITranslator>? translators = null) =>
        CleanupPipeline.StandardSteps(new UntranslatedSegmentOptions(), translators ?? []);
}
