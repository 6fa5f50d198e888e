using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Evaluation.Summaries;

namespace Translate.Evaluation.Tests.Summaries;

public sealed class SummaryEvaluatorTests
{
    // Two articles whose highlights are not their first three sentences, as in news: the lede is background.
    private const string DevSet = """
        {"id": "storm", "article": "The storm season began in June. Forecasters had expected a quiet year. Few towns prepared. A hurricane hit the coast on Tuesday and flooded the port. Ten people died in the floods.", "reference": "A hurricane hit the coast on Tuesday.\nTen people died in the floods."}
        {"id": "vote", "article": "Parliament met on Monday. The session opened with prayers. Members took their seats. The budget was rejected by ten votes. The minister resigned that evening.", "reference": "The budget was rejected by ten votes.\nThe minister resigned."}
        """;

    [Fact]
    public async Task EvaluateAsync_SummaryIsTheReference_ScoresOneAndBeatsLead3()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new SummaryEvaluator((document, _, _) =>
            Task.FromResult(Extractive(examples.Single(e => e.Id == document.Id).Reference.Split('\n'))));

        var evaluation = await evaluator.EvaluateAsync(examples, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, evaluation.Articles);
        Assert.Equal(1, evaluation.Summarizer.Rouge1, 9);
        Assert.Equal(1, evaluation.Summarizer.Rouge2, 9);
        Assert.Equal(1, evaluation.Summarizer.RougeLsum, 9);
        Assert.InRange(evaluation.Lead.Rouge1, 0, 0.5);
        Assert.Equal(evaluation.Summarizer.Rouge1 - evaluation.Lead.Rouge1, evaluation.VersusLead.Rouge1.Mean, 9);
        Assert.True(evaluation.VersusLead.Rouge1.Low > 0, $"the interval starts at {evaluation.VersusLead.Rouge1.Low}");
        Assert.Equal(0, evaluation.VersusLead.Rouge1.ShareBelowZero);
    }

    [Fact]
    public async Task EvaluateAsync_SummaryIsTheLead_NoDifferenceFromLead3()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new SummaryEvaluator((document, _, _) => Task.FromResult(Extractive(LeadBaseline.Summarize(document.Text))));

        var evaluation = await evaluator.EvaluateAsync(examples, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(evaluation.Lead with { System = evaluation.Summarizer.System }, evaluation.Summarizer);
        Assert.Equal("LEAD-3", evaluation.Lead.System);
        Assert.Equal(0, evaluation.VersusLead.RougeLsum.Mean);
        Assert.Equal(0, evaluation.VersusLead.RougeLsum.High);
        Assert.Equal(14, evaluation.Lead.Words);
    }

    [Fact]
    public async Task EvaluateAsync_Summarizer_NamedForTheFirstSummarysMethodAndEngine()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new SummaryEvaluator((document, _, _) => Task.FromResult(new Summary(["The budget was rejected by ten votes."], SummaryMethod.Abstractive, "bart-fixture")));

        var evaluation = await evaluator.EvaluateAsync(examples, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("abstractive (bart-fixture)", evaluation.Summarizer.System);
    }

    [Fact]
    public async Task EvaluateAsync_EveryArticle_ReportedAsScoredInOrder()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new SummaryEvaluator((document, _, _) => Task.FromResult(Extractive(["Ten people died in the floods."])));
        var reported = new List<ArticleScores>();

        var evaluation = await evaluator.EvaluateAsync(examples, articleScored: reported.Add, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["storm", "vote"], reported.Select(a => a.Id));
        Assert.Equal(reported, evaluation.PerArticle);
        Assert.Equal(6, reported[0].SummaryWords);
        Assert.Equal(1, reported[0].Summarizer.Rouge1.Precision, 9);
        Assert.Equal(0, reported[1].Summarizer.Rouge2.F, 9);
        Assert.Equal(6, evaluation.Summarizer.Words);
    }

    [Fact]
    public async Task EvaluateAsync_Limits_PassedToTheSummarizer()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var limits = new ProcessingRequestOptions(MaxWords: 40, MaxSentences: 2);
        var seen = new List<ProcessingRequestOptions>();
        var evaluator = new SummaryEvaluator((document, options, _) =>
        {
            seen.Add(options);
            return Task.FromResult(Extractive(["The minister resigned that evening."]));
        });

        await evaluator.EvaluateAsync(examples, limits, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([limits, limits], seen);
    }

    [Fact]
    public async Task EvaluateAsync_ArticleRefused_ThrowsNamingTheArticle()
    {
        var examples = SummaryExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new SummaryEvaluator((document, _, _) => document.Id == "vote"
            ? throw new InvalidDocumentException("the text is longer than 10 code points")
            : Task.FromResult(Extractive(["Ten people died in the floods."])));

        var error = await Assert.ThrowsAsync<InvalidDocumentException>(() => evaluator.EvaluateAsync(examples, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("vote: the text is longer than 10 code points", error.Message);
    }

    [Fact]
    public async Task EvaluateAsync_NoArticles_Throws()
    {
        var evaluator = new SummaryEvaluator((_, _, _) => Task.FromResult(Extractive(["Unused."])));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => evaluator.EvaluateAsync([], cancellationToken: TestContext.Current.CancellationToken));
    }

    private static Summary Extractive(IReadOnlyList<string> sentences) => new(sentences, SummaryMethod.Extractive, "fake");
}
