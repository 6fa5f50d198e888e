using System.Text.Json;
using Translate.Evaluation.Metrics;

namespace Translate.Evaluation.Tests.Metrics;

/// <summary>
/// Checks against the ROUGE-1.5.5 ground truth that rouge-score's own tests assert (RougeVectors/SOURCE.md).
/// </summary>
public sealed class RougeScorerTests
{
    private const double Tolerance = 5e-5;

    private static readonly string Vectors = Path.Combine(AppContext.BaseDirectory, "Metrics", "RougeVectors");

    public static TheoryData<int, string, bool, double, double, double> GroundTruth()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Vectors, "expected.json")));
        var data = new TheoryData<int, string, bool, double, double, double>();
        foreach (var item in expected.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(item.GetProperty("line").GetInt32(), item.GetProperty("type").GetString()!, item.GetProperty("stemming").GetBoolean(),
                item.GetProperty("precision").GetDouble(), item.GetProperty("recall").GetDouble(), item.GetProperty("f").GetDouble());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GroundTruth))]
    public void Score_Rouge155TestLine_MatchesGroundTruth(int line, string type, bool stemming, double precision, double recall, double f)
    {
        var target = File.ReadAllLines(Path.Combine(Vectors, "target.txt"))[line];
        var prediction = File.ReadAllLines(Path.Combine(Vectors, "prediction.txt"))[line];
        var scores = new RougeScorer(stemming ? RougeTokenizer.Stemming : RougeTokenizer.Plain).Score(target, prediction);

        var score = type switch
        {
            "rouge1" => scores.Rouge1,
            "rouge2" => scores.Rouge2,
            "rougeL" => scores.RougeL,
            _ => throw new ArgumentException($"Unknown ROUGE type {type}.", nameof(type)),
        };

        Assert.Equal(precision, score.Precision, Tolerance);
        Assert.Equal(recall, score.Recall, Tolerance);
        Assert.Equal(f, score.F, Tolerance);
    }

    [Fact]
    public void RougeLsum_MultiSentenceSummary_MatchesGroundTruth()
    {
        var target = File.ReadAllText(Path.Combine(Vectors, "target_multi.0.txt"));
        var prediction = File.ReadAllText(Path.Combine(Vectors, "prediction_multi.0.txt"));

        var score = RougeScorer.Default.Score(target, prediction).RougeLsum;

        Assert.Equal(0.66667, score.Precision, Tolerance);
        Assert.Equal(0.36538, score.Recall, Tolerance);
        Assert.Equal(0.47205, score.F, Tolerance);
    }

    [Fact]
    public void RougeLsum_UnionOfSentenceLcs_MatchesRougeScoreTestCase()
    {
        var score = new RougeScorer(RougeTokenizer.Plain).Score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5").RougeLsum;

        Assert.Equal(0.4, score.Precision, Tolerance);
        Assert.Equal(0.8, score.Recall, Tolerance);
        Assert.Equal(0.53333, score.F, Tolerance);
    }

    [Fact]
    public void RougeLsum_SentencesInAnotherOrder_StillMatchWhereRougeLCannot()
    {
        // One LCS over the whole text can take "a b" or "c", not both; the union over sentences takes all three.
        var scores = new RougeScorer(RougeTokenizer.Plain).Score("a b c", "c d\na b");

        Assert.Equal(2.0 / 3, scores.RougeL.Recall, Tolerance);
        Assert.Equal(1.0, scores.RougeLsum.Recall, Tolerance);
    }

    [Theory]
    [InlineData("testing one two", "testing", 1.0, 1.0 / 3)]
    [InlineData("testing one two", "", 0.0, 0.0)]
    [InlineData("testing one two", "Testing, ONE!", 1.0, 2.0 / 3)]
    public void Rouge1_SmallCases_CountsUnigrams(string target, string prediction, double precision, double recall)
    {
        var score = RougeScorer.Default.Score(target, prediction).Rouge1;

        Assert.Equal(precision, score.Precision, Tolerance);
        Assert.Equal(recall, score.Recall, Tolerance);
    }

    [Fact]
    public void Rouge2_RepeatedBigrams_AreClippedToTheReferenceCount()
    {
        var score = RougeScorer.Default.Score("the cat the cat", "the cat the cat the cat").Rouge2;

        // Prediction bigrams: "the cat" x3, "cat the" x2; reference: x2 and x1; overlap 3.
        Assert.Equal(3.0 / 5, score.Precision, Tolerance);
        Assert.Equal(1.0, score.Recall, Tolerance);
    }

    [Fact]
    public void Tokenize_WithStemming_LowercasesDropsPunctuationAndStemsLongWords()
    {
        var tokens = RougeTokenizer.Stemming.Tokenize("The U.S. ponies were RUNNING; cats' 3-D toys.");

        Assert.Equal(["the", "u", "s", "poni", "were", "run", "cat", "3", "d", "toy"], tokens);
    }
}
