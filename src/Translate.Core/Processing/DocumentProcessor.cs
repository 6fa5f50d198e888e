using System.Text.RegularExpressions;
using Translate.Core.Cleanup;
using Translate.Core.Inference;
using Translate.Core.Language;
using Translate.Core.Summarization;
using Translate.Core.Text;

namespace Translate.Core.Processing;

/// <summary>The limits a document is checked against before any work is done on it.</summary>
/// <param name="MaxTextCodePoints">Longest accepted text (Processing:MaxTextCodePoints).</param>
/// <param name="DefaultMinConfidence">Edits under it are suggested, not applied, unless a request says otherwise.</param>
/// <param name="MaxProcessingTime">Longest one document may take from start to finish (Processing:MaxProcessingSeconds).</param>
public sealed record DocumentLimits(int MaxTextCodePoints, double DefaultMinConfidence, TimeSpan MaxProcessingTime);

/// <summary>
/// One document through cleanup and summarization: validates it, splits it into sentences, identifies their
/// languages, repairs it and summarizes the repaired text. Used by the gRPC service and the CLI alike, through
/// the runtime's one instance (it holds no state of its own).
/// </summary>
/// <param name="abstractive">The abstractive summarizer, when a summarization model is present; summaries then use it.</param>
public sealed class DocumentProcessor(
    LanguageIdentifier languages,
    CleanupPipeline cleanupPipeline,
    ExtractiveSummarizer summarizer,
    AbstractiveSummarizer? abstractive,
    DocumentLimits limits,
    DocumentAdmission admission)
{
    private const string DefaultTargetLanguage = "en";

    private static readonly IReadOnlySet<string> NothingTranslated = new HashSet<string>();

    /// <exception cref="InvalidDocumentException">The document or the options cannot be taken as given.</exception>
    /// <exception cref="ProcessingBudgetExceededException">The document took longer than the processing budget.</exception>
    public Task<DocumentResult> CleanAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        WithinBudgetAsync(document, token => RunCleanAsync(document, options, token), cancellationToken);

    /// <inheritdoc cref="CleanAsync"/>
    public Task<DocumentResult> SummarizeAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        WithinBudgetAsync(document, token => RunSummarizeAsync(document, options, token), cancellationToken);

    /// <inheritdoc cref="CleanAsync"/>
    public Task<DocumentResult> ProcessAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        WithinBudgetAsync(document, token => RunProcessAsync(document, options, token), cancellationToken);

    /// <summary>
    /// Runs one document's work under the processing budget: past it the work is cancelled at its next check and
    /// the caller gets <see cref="ProcessingBudgetExceededException"/>; a pattern past its match timeout ends the same way.
    /// </summary>
    private async Task<DocumentResult> WithinBudgetAsync(DocumentRequest document, Func<CancellationToken, Task<DocumentResult>> work, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.MaxProcessingTime);
        var name = NameOf(document);
        try
        {
            using var turn = await admission.EnterAsync(budget.Token).ConfigureAwait(false);
            return await work(budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested && budget.IsCancellationRequested)
        {
            throw new ProcessingBudgetExceededException(
                $"{name} took more than the processing budget of {limits.MaxProcessingTime.TotalSeconds:0.#} s " +
                "(Processing:MaxProcessingSeconds) and was stopped; split it into smaller documents or raise the budget.", exception);
        }
        catch (RegexMatchTimeoutException exception)
        {
            throw new ProcessingBudgetExceededException(
                $"{name} was stopped: a text pattern ran past its {exception.MatchTimeout.TotalSeconds:0.#} s match timeout on it.", exception);
        }
    }

    private async Task<DocumentResult> RunCleanAsync(DocumentRequest document, ProcessingRequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Validate(document, options ?? ProcessingRequestOptions.Default);
        var input = Analyse(request, refuseWhenBusy: false, cancellationToken);
        var cleanup = await CleanAsync(request, input, cancellationToken).ConfigureAwait(false);
        return new DocumentResult(document.Id, cleanup.Text, Report(cleanup.Edits, input.CodePoints), input.Segments, Summary: null);
    }

    private async Task<DocumentResult> RunSummarizeAsync(DocumentRequest document, ProcessingRequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Validate(document, options ?? ProcessingRequestOptions.Default);
        var input = Analyse(request, refuseWhenBusy: true, cancellationToken);
        var eligible = SummaryEligibility.Of(request.Text, input.Sentences, i => input.Languages[i], request.TargetLanguage, NothingTranslated);
        var summary = await SummarizeAsync(request.Text, input.Sentences, request.Limits, eligible, cancellationToken).ConfigureAwait(false);
        return new DocumentResult(document.Id, request.Text, [], input.Segments, summary);
    }

    /// <summary>
    /// Summaries of one document (as <see cref="SummarizeAsync(DocumentRequest, ProcessingRequestOptions?, CancellationToken)"/>
    /// writes them) at each of several limits, the document analysed and its sentences embedded once: how an
    /// evaluation compares limits on the same articles.
    /// </summary>
    public async Task<IReadOnlyList<Summary>> SummarizeAtLimitsAsync(DocumentRequest document, IReadOnlyList<SummaryLimits> summaryLimits, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(summaryLimits.Count);
        var request = Validate(document, ProcessingRequestOptions.Default);
        foreach (var limit in summaryLimits)
        {
            Validate(document, new ProcessingRequestOptions(MaxWords: limit.MaxWords, MaxSentences: limit.MaxSentences));
        }
        var input = Analyse(request, refuseWhenBusy: true, cancellationToken);
        var eligible = SummaryEligibility.Of(request.Text, input.Sentences, i => input.Languages[i], request.TargetLanguage, NothingTranslated);
        if (abstractive is not null)
        {
            var summaries = new List<Summary>(summaryLimits.Count);
            foreach (var limit in summaryLimits)
            {
                summaries.Add(await SummarizeAsync(request.Text, input.Sentences, limit, eligible, cancellationToken).ConfigureAwait(false));
            }
            return summaries;
        }
        return await summarizer.SummarizeAsync(request.Text, input.Sentences, summaryLimits, eligible, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DocumentResult> RunProcessAsync(DocumentRequest document, ProcessingRequestOptions? options, CancellationToken cancellationToken)
    {
        var request = Validate(document, options ?? ProcessingRequestOptions.Default);
        var input = Analyse(request, refuseWhenBusy: true, cancellationToken);
        var cleanup = await CleanAsync(request, input, cancellationToken).ConfigureAwait(false);
        var edits = Report(cleanup.Edits, input.CodePoints);
        var eligible = SummaryEligibility.Of(cleanup.Text, cleanup.Sentences, cleanup.LanguageOf, request.TargetLanguage, MachineTranslated(edits));
        var summary = await SummarizeAsync(cleanup.Text, cleanup.Sentences, request.Limits, eligible, cancellationToken).ConfigureAwait(false);
        return new DocumentResult(document.Id, cleanup.Text, edits, input.Segments, summary);
    }

    /// <summary>A document that passed validation, with the settings it resolves to.</summary>
    private sealed record ValidRequest(DocumentRequest Document, string TargetLanguage, SummaryLimits Limits, double MinConfidence, IReadOnlyList<string>? ProtectedTerms)
    {
        public string Text => Document.Text;
    }

    /// <summary>The input's sentences, their languages, and the segments reported for them.</summary>
    private sealed record Analysis(CodePointMap CodePoints, IReadOnlyList<Sentence> Sentences, LanguageGuess[] Languages, ReportedSegment[] Segments);

    /// <param name="refuseWhenBusy">
    /// Under overload, refuse a document that will be summarized before language identification and cleanup, which
    /// would be wasted on a document the summarizer's queue refuses.
    /// </param>
    private Analysis Analyse(ValidRequest request, bool refuseWhenBusy, CancellationToken cancellationToken)
    {
        var text = request.Text;
        var codePoints = new CodePointMap(text);
        var sentences = SentenceSplitter.Default.Split(text);
        if (refuseWhenBusy)
        {
            summarizer.ThrowIfBusy(text, sentences);
        }
        var guesses = new LanguageGuess[sentences.Count];
        var segments = new ReportedSegment[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            guesses[i] = languages.Identify(sentences[i].Of(text));
            var (start, length) = codePoints.ToCodePoints(sentences[i].Span);
            segments[i] = new ReportedSegment(start, length, sentences[i].Paragraph, guesses[i].Language, guesses[i].Confidence);
        }
        return new Analysis(codePoints, sentences, guesses, segments);
    }

    private Task<CleanupResult> CleanAsync(ValidRequest request, Analysis input, CancellationToken cancellationToken)
    {
        var cleanup = new CleanupRequest(request.TargetLanguage, request.MinConfidence, request.Document.SourceText, request.ProtectedTerms);
        return cleanupPipeline.CleanAsync(request.Text, cleanup, input.Sentences, input.Languages, cancellationToken);
    }

    /// <summary>
    /// The abstractive summary when a summarization model is present; the extractive one otherwise, or when the
    /// model fails (the summary's method then says extractive, and the failure is in its engine).
    /// </summary>
    private async Task<Summary> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, SummaryLimits limits, bool[] eligible, CancellationToken cancellationToken)
    {
        if (abstractive is not null)
        {
            try
            {
                var written = await abstractive.SummarizeAsync(text, limits, cancellationToken).ConfigureAwait(false);
                if (written.Sentences.Count > 0)
                {
                    return written;
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or ArgumentException or ModelRunException)
            {
                var fallback = await summarizer.SummarizeAsync(text, sentences, limits, eligible, cancellationToken).ConfigureAwait(false);
                return fallback with { Engine = $"{fallback.Engine} (fallback: {abstractive.Engine} failed: {exception.Message})" };
            }
        }
        return await summarizer.SummarizeAsync(text, sentences, limits, eligible, cancellationToken).ConfigureAwait(false);
    }

    private ValidRequest Validate(DocumentRequest document, ProcessingRequestOptions options)
    {
        var name = NameOf(document);
        if (string.IsNullOrWhiteSpace(document.Text))
        {
            throw new InvalidDocumentException($"{name} has no text: put the article to process in Document.text.");
        }
        var length = CodePointMap.CountCodePoints(document.Text);
        var max = limits.MaxTextCodePoints;
        if (length > max)
        {
            throw new InvalidDocumentException(
                $"{name} has {length:N0} code points of text, more than the limit of {max:N0} " +
                "(Processing:MaxTextCodePoints); split it into several documents or raise the limit.");
        }
        var target = string.IsNullOrEmpty(document.TargetLanguage) ? DefaultTargetLanguage : document.TargetLanguage.ToLowerInvariant();
        CheckLanguage(name, "target_language", target);
        if (!string.IsNullOrEmpty(document.SourceLanguage))
        {
            CheckLanguage(name, "source_language", document.SourceLanguage);
        }
        var minConfidence = options.MinConfidence ?? limits.DefaultMinConfidence;
        if (minConfidence is < 0 or > 1)
        {
            throw new InvalidDocumentException($"min_confidence is {minConfidence}; it must be between 0 and 1 (0 for the server's default).");
        }
        if (options.ProtectedTerms is { } terms && terms.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDocumentException("protected_terms holds an empty term; send only the terms to keep unchanged.");
        }
        var maxWords = options.MaxWords ?? SummaryLimits.DefaultMaxWords;
        var maxSentences = options.MaxSentences ?? SummaryLimits.DefaultMaxSentences;
        if (maxWords < 1 || maxSentences < 1)
        {
            throw new InvalidDocumentException($"max_words ({maxWords}) and max_sentences ({maxSentences}) must be positive (0 for the defaults).");
        }
        return new ValidRequest(document, target, new SummaryLimits(maxWords, maxSentences), minConfidence, options.ProtectedTerms);
    }

    private void CheckLanguage(string name, string field, string code)
    {
        if (!languages.Knows(code))
        {
            throw new InvalidDocumentException(
                $"{name} has {field} '{code}', which is not a language this server knows; use an ISO 639-1 code among: " +
                $"{string.Join(", ", languages.Languages)}.");
        }
    }

    /// <summary>The sentences a translator wrote into the cleaned text.</summary>
    private static HashSet<string> MachineTranslated(IReadOnlyList<ReportedEdit> edits) =>
        edits.Where(e => e.Kind == EditKind.Untranslated && e.Disposition == EditDisposition.Applied)
            .Select(e => e.Replacement.Trim())
            .ToHashSet(StringComparer.Ordinal);

    private static ReportedEdit[] Report(IReadOnlyList<Edit> edits, CodePointMap codePoints) =>
        edits.Select(edit =>
        {
            var (start, length) = codePoints.ToCodePoints(edit.Span);
            return new ReportedEdit(start, length, edit.Original, edit.Replacement, edit.Kind, edit.Reason, edit.Confidence, edit.Engine, edit.Disposition);
        }).ToArray();

    /// <summary>How errors name a document: by its id when it has one.</summary>
    private static string NameOf(DocumentRequest document) => string.IsNullOrEmpty(document.Id) ? "The document" : $"Document '{document.Id}'";
}
