using Translate.Evaluation.Statistics;
using Translate.Evaluation.Summaries;

namespace Translate.Evaluation.Tests.Summaries;

public sealed class EvaluationTests
{
    [Fact]
    public void ReadJsonLines_ValidLines_ReadsEveryExample()
    {
        var jsonl = """
            {"id": "a", "article": "One. Two.", "reference": "One.\nTwo."}

            {"id": "b", "article": "Three.", "reference": "Three."}
            """;

        var examples = SummaryExample.ReadJsonLines(new StringReader(jsonl));

        Assert.Equal(["a", "b"], examples.Select(e => e.Id));
        Assert.Equal("One.\nTwo.", examples[0].Reference);
    }

    [Fact]
    public void ReadJsonLines_LineWithoutReference_NamesTheLine()
    {
        var jsonl = "{\"id\": \"a\", \"article\": \"One.\", \"reference\": \"One.\"}\n{\"id\": \"b\", \"article\": \"Two.\"}";

        var error = Assert.Throws<InvalidDataException>(() => SummaryExample.ReadJsonLines(new StringReader(jsonl)));

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void LeadBaseline_Article_IsItsFirstThreeSentences()
    {
        var lead = LeadBaseline.Summarize("(CNN)The first one. The second one. The third one. The fourth one.");

        Assert.Equal(["(CNN)The first one.", "The second one.", "The third one."], lead);
    }

    [Fact]
    public void RougeAverage_TwoArticles_AveragesPerArticleScores()
    {
        var average = new RougeAverage("test");

        average.Add(["The cat sat on the mat."], "The cat sat on the mat.");
        average.Add(["Nothing in common here."], "The cat sat on the mat.");

        Assert.Equal(0.5, average.Rouge1, 9);
        Assert.Equal(0.5, average.RougeLsum, 9);
        Assert.Equal(5, average.Words, 9);
    }

    [Fact]
    public void PairedBootstrap_SameScores_NoDifferenceAndNoSpread()
    {
        double[] scores = [0.1, 0.5, 0.3, 0.9];

        var difference = PairedBootstrap.Difference(scores, scores);

        Assert.Equal(new ScoreDifference(0, 0, 0, 0), difference);
    }

    [Fact]
    public void PairedBootstrap_BetterOnEveryArticleByTheSame_IntervalIsThatAmount()
    {
        double[] second = [0.1, 0.5, 0.3, 0.9, 0.2];
        var first = second.Select(x => x + 0.25).ToArray();

        var difference = PairedBootstrap.Difference(first, second);

        Assert.Equal(0.25, difference.Mean, 12);
        Assert.Equal(0.25, difference.Low, 12);
        Assert.Equal(0.25, difference.High, 12);
        Assert.Equal(0, difference.ShareBelowZero);
    }

    [Fact]
    public void PairedBootstrap_NormalDifferences_IntervalMatchesTheNormalTheory()
    {
        // 400 articles whose differences are normal with mean 0.02 and deviation 0.1: the mean of 400 has a
        // standard error of 0.005, so the 95% interval is 0.02 ± 1.96 × 0.005 and about 0.00003 of the resampled
        // means fall below zero (the tail past four standard errors).
        var random = new Random(7);
        var second = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();
        var deviations = Enumerable.Range(0, 400).Select(_ => Gaussian(random)).ToArray();
        var sampleMean = deviations.Average();
        var sampleDeviation = Math.Sqrt(deviations.Sum(x => (x - sampleMean) * (x - sampleMean)) / deviations.Length);
        var first = second.Select((x, i) => x + 0.02 + 0.1 * (deviations[i] - sampleMean) / sampleDeviation).ToArray();

        var difference = PairedBootstrap.Difference(first, second);

        Assert.Equal(0.02, difference.Mean, 9);
        Assert.InRange(difference.Low, 0.02 - 1.96 * 0.005 - 0.0007, 0.02 - 1.96 * 0.005 + 0.0007);
        Assert.InRange(difference.High, 0.02 + 1.96 * 0.005 - 0.0007, 0.02 + 1.96 * 0.005 + 0.0007);
        Assert.InRange(difference.ShareBelowZero, 0, 0.001);
    }

    [Fact]
    public void PairedBootstrap_SameSeed_SameInterval()
    {
        double[] first = [0.4, 0.1, 0.7, 0.2, 0.5, 0.3];
        double[] second = [0.3, 0.3, 0.5, 0.4, 0.2, 0.3];

        Assert.Equal(PairedBootstrap.Difference(first, second), PairedBootstrap.Difference(first, second));
        Assert.NotEqual(PairedBootstrap.Difference(first, second, seed: 1), PairedBootstrap.Difference(first, second, seed: 2));
    }

    [Fact]
    public void PairedBootstrap_DifferentArticleCounts_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.Difference([0.1, 0.2], [0.1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.Difference([], []));
    }

    [Fact]
    public void RougeAverage_CompareWith_DifferenceOfTheAverages()
    {
        var ours = new RougeAverage("ours");
        var lead = new RougeAverage("lead");
        ours.Add(["The cat sat on the mat."], "The cat sat on the mat.");
        lead.Add(["Nothing in common here."], "The cat sat on the mat.");
        ours.Add(["The dog ran."], "The dog ran home.");
        lead.Add(["The dog ran."], "The dog ran home.");

        var comparison = ours.CompareWith(lead);

        Assert.Equal(ours.Rouge1 - lead.Rouge1, comparison.Rouge1.Mean, 12);
        Assert.Equal(ours.RougeLsum - lead.RougeLsum, comparison.RougeLsum.Mean, 12);
        Assert.InRange(comparison.Rouge1.Low, 0, comparison.Rouge1.Mean);
        Assert.Throws<ArgumentException>(() => ours.CompareWith(new RougeAverage("empty")));
    }

    // Box-Muller.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
