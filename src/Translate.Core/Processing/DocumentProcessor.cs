using Translate.Core.Cleanup;
using Translate.Core.Hosting;
using Translate.Core.Language;
using Translate.Core.Summarization;
using Translate.Core.Text;

namespace Translate.Core.Processing;

/// <summary>
/// One document through cleanup and summarization: validates it, splits it into sentences, identifies their
/// languages, repairs it and summarizes the repaired text. Used by the gRPC service and the CLI alike.
/// </summary>
public sealed class DocumentProcessor(TranslateRuntime runtime)
{
    private const string DefaultTargetLanguage = "en";

    public Task<DocumentResult> CleanAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(document, options ?? ProcessingRequestOptions.Default, clean: true, summarize: false, cancellationToken);

    public Task<DocumentResult> SummarizeAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(document, options ?? ProcessingRequestOptions.Default, clean: false, summarize: true, cancellationToken);

    public Task<DocumentResult> ProcessAsync(DocumentRequest document, ProcessingRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(document, options ?? ProcessingRequestOptions.Default, clean: true, summarize: true, cancellationToken);

    private async Task<DocumentResult> RunAsync(DocumentRequest document, ProcessingRequestOptions options, bool clean, bool summarize, CancellationToken cancellationToken)
    {
        var (targetLanguage, limits, minConfidence) = Validate(document, options);
        var text = document.Text;
        var codePoints = new CodePointMap(text);
        var sentences = SentenceSplitter.Default.Split(text);
        if (summarize)
        {
            // Under overload, refuse before language identification and cleanup, wasted on a document the queue refuses.
            runtime.Summarizer.ThrowIfBusy(text, sentences);
        }
        var languages = new LanguageGuess[sentences.Count];
        var segments = new ReportedSegment[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            languages[i] = runtime.Languages.Identify(sentences[i].Of(text));
            var (start, length) = codePoints.ToCodePoints(sentences[i].Span);
            segments[i] = new ReportedSegment(start, length, sentences[i].Paragraph, languages[i].Language, languages[i].Confidence);
        }

        var cleanedText = text;
        IReadOnlyList<ReportedEdit> edits = [];
        if (clean)
        {
            var request = new CleanupRequest(targetLanguage, minConfidence, document.SourceText, options.ProtectedTerms);
            var cleanup = await runtime.Cleanup.CleanAsync(text, request, sentences, languages, cancellationToken).ConfigureAwait(false);
            cleanedText = cleanup.Text;
            edits = cleanup.Edits.Select(edit => Report(edit, codePoints)).ToArray();
        }

        Summary? summary = null;
        if (summarize)
        {
            var summarySentences = ReferenceEquals(cleanedText, text) ? sentences : SentenceSplitter.Default.Split(cleanedText);
            var machineTranslated = MachineTranslated(edits);
            var eligible = new bool[summarySentences.Count];
            for (var i = 0; i < eligible.Length; i++)
            {
                var language = ReferenceEquals(summarySentences, sentences) ? languages[i] : runtime.Languages.Identify(summarySentences[i].Of(cleanedText));
                // A summary quotes the article: not text in another language, nor a machine translation no editor has seen.
                eligible[i] = (!language.IsKnown || language.Language == targetLanguage)
                    && !machineTranslated.Contains(summarySentences[i].TextOf(cleanedText));
            }
            summary = await SummarizeAsync(cleanedText, summarySentences, limits, eligible, cancellationToken).ConfigureAwait(false);
        }
        return new DocumentResult(document.Id, cleanedText, edits, segments, summary);
    }

    /// <summary>
    /// The abstractive summary when a summarization model is present; the extractive one otherwise, or when the
    /// model fails (the summary's method then says extractive, and the failure is in its engine).
    /// </summary>
    private async Task<Summary> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, SummaryLimits limits, bool[] eligible, CancellationToken cancellationToken)
    {
        if (runtime.AbstractiveSummarizer is { } abstractive)
        {
            try
            {
                var written = await abstractive.SummarizeAsync(text, limits, cancellationToken).ConfigureAwait(false);
                if (written.Sentences.Count > 0)
                {
                    return written;
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                var fallback = await runtime.Summarizer.SummarizeAsync(text, sentences, limits, eligible, cancellationToken).ConfigureAwait(false);
                return fallback with { Engine = $"{fallback.Engine} (fallback: {abstractive.Engine} failed: {exception.Message})" };
            }
        }
        return await runtime.Summarizer.SummarizeAsync(text, sentences, limits, eligible, cancellationToken).ConfigureAwait(false);
    }

    private (string TargetLanguage, SummaryLimits Limits, double MinConfidence) Validate(DocumentRequest document, ProcessingRequestOptions options)
    {
        var name = string.IsNullOrEmpty(document.Id) ? "The document" : $"Document '{document.Id}'";
        if (string.IsNullOrWhiteSpace(document.Text))
        {
            throw new InvalidDocumentException($"{name} has no text: put the article to process in Document.text.");
        }
        var length = CodePointMap.CountCodePoints(document.Text);
        var max = runtime.Options.MaxTextCodePoints;
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
        var minConfidence = options.MinConfidence ?? runtime.Options.DefaultMinConfidence;
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
        return (target, new SummaryLimits(maxWords, maxSentences), minConfidence);
    }

    private void CheckLanguage(string name, string field, string code)
    {
        if (!runtime.Languages.Knows(code))
        {
            throw new InvalidDocumentException(
                $"{name} has {field} '{code}', which is not a language this server knows; use an ISO 639-1 code among: " +
                $"{string.Join(", ", runtime.Languages.Languages)}.");
        }
    }

    /// <summary>The sentences a translator wrote into the cleaned text.</summary>
    private static HashSet<string> MachineTranslated(IReadOnlyList<ReportedEdit> edits) =>
        edits.Where(e => e.Kind == EditKind.Untranslated && e.Disposition == EditDisposition.Applied)
            .Select(e => e.Replacement.Trim())
            .ToHashSet(StringComparer.Ordinal);

    private static ReportedEdit Report(Edit edit, CodePointMap codePoints)
    {
        var (start, length) = codePoints.ToCodePoints(edit.Span);
        return new ReportedEdit(start, length, edit.Original, edit.Replacement, edit.Kind, edit.Reason, edit.Confidence, edit.Engine, edit.Disposition);
    }
}
