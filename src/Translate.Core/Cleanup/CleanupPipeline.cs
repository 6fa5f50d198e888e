using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>The cleaned text and every edit made or proposed, in the input's coordinates.</summary>
public sealed record CleanupResult(string Text, IReadOnlyList<Edit> Edits);

/// <summary>
/// Runs the cleanup steps in order. Each step sees the text as the steps before it left it; its edits are
/// composed onto the input by <see cref="EditComposer"/>, so the result's edits always describe the input.
/// </summary>
public sealed class CleanupPipeline
{
    private readonly IReadOnlyList<ICleanupStep> _steps;
    private readonly LanguageIdentifier _languageIdentifier;

    public CleanupPipeline(IEnumerable<ICleanupStep> steps, LanguageIdentifier languageIdentifier)
    {
        _steps = steps.ToArray();
        _languageIdentifier = languageIdentifier;
    }

    public IReadOnlyList<ICleanupStep> Steps => _steps;

    /// <param name="sentences">The input's sentences, when the caller has split it already.</param>
    /// <param name="languages">Their languages, when the caller has identified them already.</param>
    public async Task<CleanupResult> CleanAsync(
        string text,
        string targetLanguage,
        double minConfidence,
        IReadOnlyList<Sentence>? sentences = null,
        IReadOnlyList<LanguageGuess>? languages = null,
        CancellationToken cancellationToken = default)
    {
        var composer = new EditComposer(text);
        var context = new CleanupContext(text, targetLanguage, _languageIdentifier, sentences, languages);
        var proposals = new List<ProposedEdit>();
        foreach (var step in _steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            proposals.Clear();
            await step.ProposeAsync(context, proposals, cancellationToken).ConfigureAwait(false);
            var before = composer.Current;
            composer.Apply(proposals, minConfidence);
            if (!ReferenceEquals(before, composer.Current))
            {
                context = new CleanupContext(composer.Current, targetLanguage, _languageIdentifier);
            }
        }
        return new CleanupResult(composer.Current, composer.Edits());
    }
}
