using Translate.Core.Summarization;

namespace Translate.Core.Tests.Summarization;

public sealed class LeadSelectionTests
{
    [Fact]
    public void Select_RoomForThree_TakesTheFirstThreeInOrder()
    {
        var chosen = LeadSelection.Select([20, 25, 30, 10], (_, _) => false, new SummaryLimits(120, 3));

        Assert.Equal([0, 1, 2], chosen);
    }

    [Fact]
    public void Select_ThirdSentenceTooLong_PassesItOverForTheNextThatFits()
    {
        var chosen = LeadSelection.Select([30, 30, 40, 12, 5], (_, _) => false, new SummaryLimits(75, 3));

        Assert.Equal([0, 1, 3], chosen);
    }

    [Fact]
    public void Select_SecondRestatesFirst_KeepsTheFirstOnly()
    {
        var chosen = LeadSelection.Select([20, 20, 20, 20], (a, b) => a + b == 1, new SummaryLimits(120, 3));

        Assert.Equal([0, 2, 3], chosen);
    }

    [Fact]
    public void Select_EverySentenceLongerThanTheLimit_ChoosesNothing()
    {
        var chosen = LeadSelection.Select([80, 90], (_, _) => false, new SummaryLimits(75, 3));

        Assert.Empty(chosen);
    }

    [Fact]
    public void Select_RandomLengths_NeverOverALimit()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var words = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.Next(1, 60)).ToArray();
            var limits = new SummaryLimits(random.Next(1, 150), random.Next(1, 6));

            var chosen = LeadSelection.Select(words, (a, b) => (a + b) % 7 == 0, limits);

            Assert.InRange(chosen.Sum(k => words[k]), 0, limits.MaxWords);
            Assert.InRange(chosen.Count, 0, limits.MaxSentences);
            Assert.Equal(chosen.Order(), chosen);
        }
    }
}
