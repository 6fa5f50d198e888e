using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Evaluation.Summaries;

namespace Translate.Evaluation.Tests.Summaries;

public sealed class SummaryCrossValidatorTests
{
    // Ten articles whose highlights are their second and third sentences; the lede is background.
    private static IReadOnlyList<SummaryExample> Articles() =>
        [.. Enumerable.Range(0, 10).Select(i => new SummaryExample(
            $"a{i}",
            $"Town {i} held its fair on Sunday. The river rose by {i + 2} metres overnight. Houses on {i} streets were flooded. The mayor spoke later.",
            $"The river rose by {i + 2} metres overnight.\nHouses on {i} streets were flooded."))];

    [Fact]
    public async Task EvaluateAsync_LimitThatDropsTheLede_ChosenOnEveryFoldAndScoredOutOfFold()
    {
        // At 20 words the summary is the highlights; at 40 it is the first three sentences: LEAD-3.
        var validator = new SummaryCrossValidator((document, limits, _) =>
        {
            var sentences = LeadBaseline.Summarize(document.Text);
            return Task.FromResult<IReadOnlyList<Summary>>([.. limits.Select(l => new Summary(
                l.MaxWords >= 40 ? sentences : sentences.Skip(1).Take(2).ToArray(), SummaryMethod.Extractive, "fake"))]);
        });

        var evaluation = await validator.EvaluateAsync(Articles(), folds: 5, wordLimits: [40, 20], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, evaluation.Folds.Count);
        Assert.All(evaluation.Folds, fold => Assert.Equal(20, fold.Chosen.MaxWords));
        Assert.Equal(20, evaluation.ChosenOnAll.MaxWords);
        Assert.Equal(1, evaluation.Summarizer.Rouge1, 9);
        Assert.True(evaluation.VersusLead.Rouge1.Low > 0);
        Assert.Equal(evaluation.Lead with { System = evaluation.EachCandidate[0].System }, evaluation.EachCandidate[0]);
    }

    [Fact]
    public async Task EvaluateAsync_SettingsTied_KeepsThePreferredFirst()
    {
        var validator = new SummaryCrossValidator((document, limits, _) =>
            Task.FromResult<IReadOnlyList<Summary>>([.. limits.Select(_ => new Summary(LeadBaseline.Summarize(document.Text), SummaryMethod.Extractive, "fake"))]));

        var evaluation = await validator.EvaluateAsync(Articles(), folds: 2, wordLimits: [120, 75], cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(evaluation.Folds, fold => Assert.Equal(120, fold.Chosen.MaxWords));
        Assert.Equal(0, evaluation.VersusLead.Rouge2.Mean);
    }
}
