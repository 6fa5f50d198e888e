namespace Translate.Evaluation.Statistics;

/// <summary>A difference between two systems' mean scores over the same articles, with its bootstrap interval.</summary>
/// <param name="Mean">Mean of the first system's scores less the second's.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="ShareBelowZero">Share of resamples in which the first system's mean was below the second's.</param>
public readonly record struct ScoreDifference(double Mean, double Low, double High, double ShareBelowZero);

/// <summary>
/// The paired bootstrap (Efron and Tibshirani, 1993; Koehn, 2004, for translation metrics): how far a difference
/// between two systems scored on the same articles can be trusted. Articles are drawn with replacement as many
/// times as there are articles, the difference of the two means is taken over each draw, and the percentiles of
/// those differences bound the interval. On 50 articles a point of ROUGE is often within it: the interval says so
/// where the averages alone would not. The seed is fixed, so a run repeats exactly.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 10_000;

    /// <param name="first">The first system's score on each article.</param>
    /// <param name="second">The second system's score on the same articles, in the same order.</param>
    /// <param name="confidence">Share of the resampled differences the interval holds (0.95: the 2.5th to 97.5th percentile).</param>
    public static ScoreDifference Difference(IReadOnlyList<double> first, IReadOnlyList<double> second, double confidence = 0.95, int resamples = DefaultResamples, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(second.Count, first.Count);
        ArgumentOutOfRangeException.ThrowIfZero(first.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must lie between 0 and 1.");
        }

        var n = first.Count;
        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = first[i] - second[i];
        }

        var random = new Random(seed);
        var means = new double[resamples];
        var below = 0;
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }
            means[r] = sum / n;
            if (means[r] < 0)
            {
                below++;
            }
        }
        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new ScoreDifference(differences.Average(), Percentile(means, tail), Percentile(means, 1 - tail), (double)below / resamples);
    }

    // Linear interpolation between the closest ranks of a sorted array.
    private static double Percentile(double[] sorted, double share)
    {
        var position = share * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
