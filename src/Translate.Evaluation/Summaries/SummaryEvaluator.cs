using System.Diagnostics;
using Translate.Core.Processing;
using Translate.Core.Summarization;

namespace Translate.Evaluation.Summaries;

/// <summary>
/// Scores the service's summaries against reference highlights with ROUGE (rouge-score's settings: Porter stemming,
/// ROUGE-Lsum over sentences a line), next to LEAD-3 computed in the same run on the same sentence splitter, so the
/// two are comparable; their difference comes with its paired-bootstrap interval.
/// </summary>
public sealed class SummaryEvaluator
{
    private readonly Func<DocumentRequest, ProcessingRequestOptions, CancellationToken, Task<Summary>> _summarize;

    public SummaryEvaluator(DocumentProcessor processor)
        : this(async (document, options, cancellationToken) => (await processor.SummarizeAsync(document, options, cancellationToken).ConfigureAwait(false)).Summary!)
    {
    }

    /// <param name="summarize">Returns the summary of a document.</param>
    internal SummaryEvaluator(Func<DocumentRequest, ProcessingRequestOptions, CancellationToken, Task<Summary>> summarize) => _summarize = summarize;

    /// <param name="articleScored">Called as each article is scored, in order (to show progress).</param>
    /// <exception cref="InvalidDocumentException">An article the service refuses; the message starts with its id.</exception>
    public async Task<SummaryEvaluation> EvaluateAsync(
        IReadOnlyList<SummaryExample> examples,
        ProcessingRequestOptions? options = null,
        Action<ArticleScores>? articleScored = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(examples.Count);
        var clock = Stopwatch.StartNew();
        string? engine = null;
        var ours = new RougeAverage("summarizer");
        var lead = new RougeAverage("LEAD-3");
        var perArticle = new List<ArticleScores>(examples.Count);
        foreach (var example in examples)
        {
            Summary summary;
            try
            {
                summary = await _summarize(new DocumentRequest(example.Id, example.Article), options ?? ProcessingRequestOptions.Default, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDocumentException exception)
            {
                throw new InvalidDocumentException($"{example.Id}: {exception.Message}");
            }
            engine ??= $"{summary.Method.ToString().ToLowerInvariant()} ({summary.Engine})";
            var scores = new ArticleScores(example.Id, ours.Add(summary.Sentences, example.Reference), summary.WordCount, lead.Add(LeadBaseline.Summarize(example.Article), example.Reference));
            perArticle.Add(scores);
            articleScored?.Invoke(scores);
        }
        var elapsed = clock.Elapsed;
        return new SummaryEvaluation(examples.Count, elapsed, ours.Snapshot(engine!), lead.Snapshot(), ours.CompareWith(lead), perArticle);
    }
}
