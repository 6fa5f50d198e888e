using System.Diagnostics;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Core.Text;
using Translate.Evaluation.Metrics;
using Translate.Evaluation.Statistics;

namespace Translate.Evaluation.Summaries;

/// <summary>
/// Cross-validates the summary's word limit (<see cref="CrossValidation"/>): each article is summarized at every
/// candidate limit and scored with ROUGE, next to LEAD-3; on each fold the limit is chosen on the other folds by
/// the mean of ROUGE-1, ROUGE-2 and ROUGE-Lsum F, and the fold's articles are scored with it. The out-of-fold
/// scores, every article scored by a limit chosen without it, are an estimate for articles the choice never saw.
/// </summary>
public sealed class SummaryCrossValidator
{
    /// <summary>
    /// The word limits chosen among, in order of preference: the largest first, as it leaves three lead sentences
    /// whole (LEAD-3, the prior in news); a smaller limit is chosen only where it is better by more than its
    /// standard error. 120 is three long news sentences (40 words); 75 was the service's default before.
    /// </summary>
    public static IReadOnlyList<int> WordLimits { get; } = [120, 105, 90, 75];

    private readonly Func<DocumentRequest, IReadOnlyList<SummaryLimits>, CancellationToken, Task<IReadOnlyList<Summary>>> _summarize;

    public SummaryCrossValidator(DocumentProcessor processor)
        : this(processor.SummarizeAtLimitsAsync)
    {
    }

    /// <param name="summarize">Returns a document's summary at each of the limits, in their order.</param>
    internal SummaryCrossValidator(Func<DocumentRequest, IReadOnlyList<SummaryLimits>, CancellationToken, Task<IReadOnlyList<Summary>>> summarize) => _summarize = summarize;

    /// <param name="maxSentences">The sentence limit, the same for every candidate.</param>
    /// <exception cref="InvalidDocumentException">An article the service refuses; the message starts with its id.</exception>
    public async Task<CrossValidatedEvaluation> EvaluateAsync(
        IReadOnlyList<SummaryExample> examples,
        int maxSentences = SummaryLimits.DefaultMaxSentences,
        int folds = CrossValidation.DefaultFolds,
        IReadOnlyList<int>? wordLimits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(examples.Count, folds);
        var clock = Stopwatch.StartNew();
        var candidates = (wordLimits ?? WordLimits).Select(words => new SummaryLimits(words, maxSentences)).ToArray();
        // scores[setting][article], and LEAD-3's per article.
        var scores = candidates.Select(_ => new RougeScores[examples.Count]).ToArray();
        var words = candidates.Select(_ => new int[examples.Count]).ToArray();
        var lead = new RougeScores[examples.Count];
        var leadWords = new int[examples.Count];
        string? engine = null;
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            IReadOnlyList<Summary> summaries;
            try
            {
                summaries = await _summarize(new DocumentRequest(example.Id, example.Article), candidates, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDocumentException exception)
            {
                throw new InvalidDocumentException($"{example.Id}: {exception.Message}");
            }
            engine ??= $"{summaries[0].Method.ToString().ToLowerInvariant()} ({summaries[0].Engine})";
            for (var s = 0; s < candidates.Length; s++)
            {
                scores[s][i] = RougeAverage.Score(summaries[s].Sentences, example.Reference);
                words[s][i] = summaries[s].WordCount;
            }
            var leadSummary = LeadBaseline.Summarize(example.Article);
            lead[i] = RougeAverage.Score(leadSummary, example.Reference);
            leadWords[i] = leadSummary.Sum(WordCounter.Count);
        }

        IReadOnlyList<IReadOnlyList<double>> criterion = [.. scores.Select(setting => (IReadOnlyList<double>)[.. setting.Select(Criterion)])];
        var choices = CrossValidation.Run(criterion, folds);
        var chosenOnAll = CrossValidation.Choose(criterion, [.. Enumerable.Range(0, examples.Count)]);

        var outOfFold = new RougeAverage($"{engine}, cross-validated");
        var leadAverage = new RougeAverage("LEAD-3");
        var setting = new int[examples.Count];
        foreach (var choice in choices)
        {
            foreach (var i in choice.HeldOut)
            {
                setting[i] = choice.Setting;
            }
        }
        for (var i = 0; i < examples.Count; i++)
        {
            outOfFold.Add(scores[setting[i]][i], words[setting[i]][i]);
            leadAverage.Add(lead[i], leadWords[i]);
        }
        var perFold = choices.Select(choice => new FoldScores(
            choice.Fold,
            choice.HeldOut.Count,
            candidates[choice.Setting],
            choice.HeldOut.Average(i => scores[choice.Setting][i].Rouge1.F - lead[i].Rouge1.F),
            choice.HeldOut.Average(i => scores[choice.Setting][i].Rouge2.F - lead[i].Rouge2.F),
            choice.HeldOut.Average(i => scores[choice.Setting][i].RougeLsum.F - lead[i].RougeLsum.F))).ToArray();
        return new CrossValidatedEvaluation(
            examples.Count,
            clock.Elapsed,
            candidates,
            perFold,
            candidates[chosenOnAll],
            outOfFold.Snapshot(),
            leadAverage.Snapshot(),
            outOfFold.CompareWith(leadAverage),
            [.. candidates.Select((limits, s) =>
            {
                var average = new RougeAverage($"{engine}, at {limits.MaxWords} words");
                for (var i = 0; i < examples.Count; i++)
                {
                    average.Add(scores[s][i], words[s][i]);
                }
                return average.Snapshot();
            })]);
    }

    // What a choice maximizes: the three measures alike.
    private static double Criterion(RougeScores scores) => (scores.Rouge1.F + scores.Rouge2.F + scores.RougeLsum.F) / 3;
}
