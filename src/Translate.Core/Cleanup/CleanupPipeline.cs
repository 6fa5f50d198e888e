using Translate.Core.Cleanup.Guards;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Text;
using Translate.Core.Translation;

namespace Translate.Core.Cleanup;

/// <summary>
/// The cleaned text and every edit made or proposed, in the input's coordinates; with the cleaned text's sentences and
/// their languages (identified once per distinct sentence over the whole run, so what cleanup already knows is reused).
/// </summary>
public sealed class CleanupResult
{
    private readonly CleanupContext _final;

    internal CleanupResult(CleanupContext final, IReadOnlyList<Edit> edits)
    {
        _final = final;
        Edits = edits;
    }

    public string Text => _final.Text;

    public IReadOnlyList<Edit> Edits { get; }

    /// <summary>The sentences of <see cref="Text"/>.</summary>
    public IReadOnlyList<Sentence> Sentences => _final.Sentences;

    /// <summary>The language of a sentence of <see cref="Sentences"/>.</summary>
    public LanguageGuess LanguageOf(int sentenceIndex) => _final.LanguageOf(sentenceIndex);
}

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

    /// <summary>
    /// The service's cleanup steps, in the order they run. Spacing and glued words come first, so that a foreign
    /// sentence glued to an English one ("provinces.Athens") is split before languages are identified; translation
    /// comes before punctuation, doubled words and calques, so that those also tidy what the translator wrote;
    /// casing comes last, after everything that can leave a sentence starting in lower case.
    /// </summary>
    /// <param name="translators">Translators for leftover text, in order of preference.</param>
    /// <param name="rewriter">A rewriting model; when present, sentences judged poor are rewritten (as suggestions) before casing.</param>
    public static IReadOnlyList<ICleanupStep> StandardSteps(
        UntranslatedSegmentOptions untranslated,
        IReadOnlyList<ITranslator> translators,
        Seq2SeqTextModel? rewriter = null,
        RewriteOptions? rewrite = null) =>
    [
        new MissingSpaceAfterStopStep(),
        new GluedWordStep(),
        new UntranslatedSegmentStep(untranslated, translators),
        new PunctuationStep(),
        new DoubledWordStep(),
        new CalqueStep(),
        .. rewriter is null ? Array.Empty<ICleanupStep>() : [new RewriteStep(rewriter, rewrite ?? new RewriteOptions())],
        new SentenceCasingStep(),
    ];

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
        return new CleanupResult(context, composer.Edits());
    }
}
