using Translate.Evaluation.Statistics;

namespace Translate.Evaluation.Tests.Statistics;

public sealed class CrossValidationTests
{
    [Fact]
    public void Choose_SecondSettingBetterByLessThanItsStandardError_KeepsThePreferredFirst()
    {
        // The second is ahead by 0.01 on average, with per-article differences of ±0.2: noise.
        double[] first = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        double[] second = [0.71, 0.31, 0.71, 0.31, 0.71, 0.31];

        var chosen = CrossValidation.Choose([first, second], [0, 1, 2, 3, 4, 5]);

        Assert.Equal(0, chosen);
    }

    [Fact]
    public void Choose_SecondSettingBetterOnEveryArticle_ChoosesIt()
    {
        double[] first = [0.5, 0.4, 0.6, 0.5];
        double[] second = [0.6, 0.5, 0.7, 0.62];

        var chosen = CrossValidation.Choose([first, second], [0, 1, 2, 3]);

        Assert.Equal(1, chosen);
    }

    [Fact]
    public void Run_FiveFolds_EveryArticleHeldOutOnceAndChosenWithoutIt()
    {
        // Setting 1 wins only on article 3; with article 3 held out, the rule cannot know it.
        var first = Enumerable.Repeat(0.5, 12).ToArray();
        var second = Enumerable.Repeat(0.5, 12).ToArray();
        second[3] = 10;

        var folds = CrossValidation.Run([first, second], folds: 5);

        Assert.Equal(5, folds.Count);
        Assert.Equal(Enumerable.Range(0, 12), folds.SelectMany(f => f.HeldOut).Order());
        Assert.Equal([0, 5, 10], folds[0].HeldOut);
        Assert.Equal(0, folds[3].Setting);
        Assert.Contains(3, folds[3].HeldOut);
    }

    [Fact]
    public void Run_MoreFoldsThanArticles_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.Run([[0.1, 0.2]], folds: 3));
}
