using Translate.Core.Summarization.Evaluation;

namespace Translate.Core.Tests.Summarization;

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
}
