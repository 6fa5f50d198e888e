namespace Translate.LoadGenerator;

/// <summary>Median and 95th percentile of call latencies, in milliseconds.</summary>
internal readonly record struct LatencySummary(double MedianMilliseconds, double P95Milliseconds)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new(double.NaN, double.NaN);
        }
        var sorted = milliseconds.Order().ToArray();
        return new(Percentile(sorted, 0.5), Percentile(sorted, 0.95));
    }

    // Linear interpolation between the closest ranks (the "R-7" definition spreadsheets and NumPy use).
    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }
}
