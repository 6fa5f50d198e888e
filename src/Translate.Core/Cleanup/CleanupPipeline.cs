using Translate.Core.Cleanup.Guards;
using Translate.Core.Language;
using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>The cleaned text and every edit made or proposed, in the input's coordinates.</summary>
public sealed record CleanupResult(string Text, IReadOnlyList<Edit> Edits);

/// <summary>
/// Runs the cleanup steps in order. Each step sees the text as the steps before it left it; its edits are
/// checked by the guards, then composed onto the input by <see cref="EditComposer"/>, so the result's edits
/// always describe the input.
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
        CleanupRequest request,
        IReadOnlyList<Sentence>? sentences = null,
        IReadOnlyList<LanguageGuess>? languages = null,
        CancellationToken cancellationToken = default)
    {
        var composer = new EditComposer(text);
        var languageCache = new Dictionary<string, LanguageGuess>(StringComparer.Ordinal);
        if (sentences is not null && languages is not null)
        {
            for (var i = 0; i < sentences.Count; i++)
            {
                languageCache.TryAdd(sentences[i].TextOf(text), languages[i]);
            }
        }
        var context = new CleanupContext(text, request, _languageIdentifier, languageCache, sentences);
        var proposals = new List<ProposedEdit>();
        foreach (var step in _steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            proposals.Clear();
            await step.ProposeAsync(context, proposals, cancellationToken).ConfigureAwait(false);
            var before = composer.Current;
            composer.Apply(EditGuard.Check(context, proposals), request.MinConfidence);
            if (!ReferenceEquals(before, composer.Current))
            {
                context = new CleanupContext(composer.Current, request, _languageIdentifier, languageCache);
            }
        }
        return new CleanupResult(composer.Current, composer.Edits());
    }
}
