using Translate.Core.Summarization;

namespace Translate.Core.Tests.Summarization;

public sealed class SentenceSelectionTests
{
    [Fact]
    public void Select_LongBestSentence_LeavesRoomForTwoThatTogetherAreWorthMore()
    {
        // Greedy by value takes the 50-word sentence and then nothing fits; the exact search takes the two others.
        double[] values = [10, 7, 6];
        int[] words = [50, 30, 30];

        var chosen = SentenceSelection.Select(values, words, (_, _) => false, new SummaryLimits(60, 3), poolSize: 12);

        Assert.Equal([1, 2], chosen);
    }

    [Fact]
    public void Select_NearDuplicates_KeepsOnlyOne()
    {
        double[] values = [5, 5, 1];
        int[] words = [10, 10, 10];

        var chosen = SentenceSelection.Select(values, words, (a, b) => a + b == 1, new SummaryLimits(60, 3), poolSize: 12);

        Assert.Equal([0, 2], chosen);
    }

    [Fact]
    public void Select_EverySentenceLongerThanTheLimit_ChoosesNothing()
    {
        var chosen = SentenceSelection.Select([1.0, 2.0], [80, 90], (_, _) => false, new SummaryLimits(75, 3), poolSize: 12);

        Assert.Empty(chosen);
    }

    [Fact]
    public void Select_RandomArticles_RespectsLimitsAndConflictsAndFindsTheBestSet()
    {
        var random = new Random(20261127);
        for (var trial = 0; trial < 500; trial++)
        {
            var n = random.Next(1, 11);
            var values = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 1).ToArray();
            var words = Enumerable.Range(0, n).Select(_ => random.Next(1, 60)).ToArray();
            var conflicts = new bool[n, n];
            for (var a = 0; a < n; a++)
            {
                for (var b = a + 1; b < n; b++)
                {
                    conflicts[a, b] = conflicts[b, a] = random.NextDouble() < 0.15;
                }
            }
            var limits = new SummaryLimits(random.Next(1, 120), random.Next(1, 5));

            var chosen = SentenceSelection.Select(values, words, (a, b) => conflicts[a, b], limits, poolSize: 12);

            Assert.True(chosen.Sum(k => words[k]) <= limits.MaxWords, $"trial {trial}: over the word limit");
            Assert.True(chosen.Count <= limits.MaxSentences, $"trial {trial}: over the sentence limit");
            Assert.DoesNotContain(chosen, a => chosen.Any(b => conflicts[a, b]));
            Assert.Equal(BestByBruteForce(values, words, conflicts, limits), chosen.Sum(k => values[k]), 9);
        }
    }

    [Fact]
    public void Select_MoreSentencesAllowedThanThePool_FillsFromTheRest()
    {
        var values = Enumerable.Range(0, 20).Select(k => 20.0 - k).ToArray();
        var words = Enumerable.Repeat(5, 20).ToArray();

        var chosen = SentenceSelection.Select(values, words, (_, _) => false, new SummaryLimits(1000, 15), poolSize: 4);

        Assert.Equal(Enumerable.Range(0, 15), chosen);
    }

    private static double BestByBruteForce(double[] values, int[] words, bool[,] conflicts, SummaryLimits limits)
    {
        var best = 0.0;
        var found = false;
        for (var mask = 1; mask < 1 << values.Length; mask++)
        {
            var members = Enumerable.Range(0, values.Length).Where(k => (mask & (1 << k)) != 0).ToArray();
            if (members.Length > limits.MaxSentences || members.Sum(k => words[k]) > limits.MaxWords
                || members.Any(a => members.Any(b => conflicts[a, b])))
            {
                continue;
            }
            var value = members.Sum(k => values[k]);
            if (!found || value > best)
            {
                best = value;
                found = true;
            }
        }
        return best;
    }
}
