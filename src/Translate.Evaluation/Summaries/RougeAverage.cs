using Translate.Core.Text;
using Translate.Evaluation.Metrics;
using Translate.Evaluation.Statistics;

namespace Translate.Evaluation.Summaries;

/// <summary>
/// ROUGE-1, ROUGE-2 and ROUGE-Lsum F of one system over a set of articles, averaged over articles as the team's
/// dev-set numbers are, with the average summary length.
/// </summary>
public sealed class RougeAverage(string system)
{
    private readonly List<RougeScores> _articles = [];
    private double _words;

    public string System { get; } = system;

    public int Count => _articles.Count;

    public double Rouge1 => Mean(s => s.Rouge1);

    public double Rouge2 => Mean(s => s.Rouge2);

    public double RougeLsum => Mean(s => s.RougeLsum);

    public double Words => Count == 0 ? 0 : _words / Count;

    /// <summary>Scores one summary against the reference (one sentence a line) and adds it to the averages.</summary>
    public RougeScores Add(IReadOnlyList<string> summary, string reference, RougeScorer? scorer = null)
    {
        var scores = Score(summary, reference, scorer);
        Add(scores, summary.Sum(WordCounter.Count));
        return scores;
    }

    /// <summary>Adds one summary's scores, and its length in words, to the averages.</summary>
    public void Add(RougeScores scores, int words)
    {
        _words += words;
        _articles.Add(scores);
    }

    /// <summary>One summary's scores against the reference (one sentence a line).</summary>
    public static RougeScores Score(IReadOnlyList<string> summary, string reference, RougeScorer? scorer = null)
    {
        // rouge-score's ROUGE-Lsum reads sentences as lines; a sentence holding a line break would split in two.
        var prediction = string.Join('\n', summary.Select(sentence => sentence.ReplaceLineEndings(" ")));
        return (scorer ?? RougeScorer.Default).Score(reference, prediction);
    }

    /// <summary>The averages as they stand, under <paramref name="system"/> (this system's name by default).</summary>
    public SystemScores Snapshot(string? system = null) => new(system ?? System, Rouge1, Rouge2, RougeLsum, Words);

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
            PairedBootstrap.Difference(F(metric), baseline.F(metric));
        return new RougeComparison(Difference(s => s.Rouge1), Difference(s => s.Rouge2), Difference(s => s.RougeLsum));
    }

    private double[] F(Func<RougeScores, RougeScore> metric) => _articles.Select(a => metric(a).F).ToArray();

    private double Mean(Func<RougeScores, RougeScore> metric) => Count == 0 ? 0 : _articles.Average(a => metric(a).F);
}

/// <summary>One system's ROUGE F less another's over the same articles (see <see cref="RougeAverage.CompareWith"/>).</summary>
public sealed record RougeComparison(ScoreDifference Rouge1, ScoreDifference Rouge2, ScoreDifference RougeLsum);
