using Translate.Core.Summarization.Metrics;
using Translate.Core.Text;

namespace Translate.Core.Summarization.Evaluation;

/// <summary>
/// ROUGE-1, ROUGE-2 and ROUGE-Lsum F of one system over a set of articles, averaged over articles as the team's
/// dev-set numbers are, with the average summary length.
/// </summary>
public sealed class RougeAverage(string system)
{
    private readonly List<RougeScores> _articles = [];
    private double _rouge1, _rouge2, _rougeLsum, _words;

    public string System { get; } = system;

    public int Count { get; private set; }

    public double Rouge1 => Mean(_rouge1);

    public double Rouge2 => Mean(_rouge2);

    public double RougeLsum => Mean(_rougeLsum);

    public double Words => Mean(_words);

    /// <summary>Each article's scores, in the order they were added (for a paired comparison of two systems).</summary>
    public IReadOnlyList<RougeScores> Articles => _articles;

    /// <summary>Scores one summary against the reference (one sentence a line) and adds it to the averages.</summary>
    public RougeScores Add(IReadOnlyList<string> summary, string reference, RougeScorer? scorer = null)
    {
        // rouge-score's ROUGE-Lsum reads sentences as lines; a sentence holding a line break would split in two.
        var prediction = string.Join('\n', summary.Select(sentence => sentence.ReplaceLineEndings(" ")));
        var scores = (scorer ?? RougeScorer.Default).Score(reference, prediction);
        _rouge1 += scores.Rouge1.F;
        _rouge2 += scores.Rouge2.F;
        _rougeLsum += scores.RougeLsum.F;
        _words += summary.Sum(WordCounter.Count);
        _articles.Add(scores);
        Count++;
        return scores;
    }

    /// <summary>
    /// This system less <paramref name="baseline"/>, both scored on the same articles in the same order: ROUGE-1,
    /// ROUGE-2 and ROUGE-Lsum F, each with its 95% paired-bootstrap interval (<see cref="PairedBootstrap"/>).
    /// </summary>
    public RougeComparison CompareWith(RougeAverage baseline)
    {
        if (baseline.Count != Count)
        {
            throw new ArgumentException($"{baseline.System} was scored on {baseline.Count} articles, {System} on {Count}: a paired comparison needs the same articles.", nameof(baseline));
        }
        ScoreDifference Difference(Func<RougeScores, RougeScore> metric) =>
            PairedBootstrap.Difference(_articles.Select(a => metric(a).F).ToArray(), baseline._articles.Select(a => metric(a).F).ToArray());
        return new RougeComparison(Difference(s => s.Rouge1), Difference(s => s.Rouge2), Difference(s => s.RougeLsum));
    }

    private double Mean(double sum) => Count == 0 ? 0 : sum / Count;
}

/// <summary>One system's ROUGE F less another's over the same articles (see <see cref="RougeAverage.CompareWith"/>).</summary>
public sealed record RougeComparison(ScoreDifference Rouge1, ScoreDifference Rouge2, ScoreDifference RougeLsum);
