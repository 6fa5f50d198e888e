using System.Globalization;
using System.Runtime.InteropServices;

namespace Translate.LoadGenerator;

/// <summary>The run's tables in Markdown, every figure also as a ratio to its baseline from the same run, and the issue's targets.</summary>
internal sealed class BenchmarkReport(int processors, LoadGeneratorOptions options)
{
    public const string Off = "batching off";
    public const string On = "batching on";

    public const int TargetConcurrency = 32;
    private const double RawShareTarget = 0.85;
    private const double SpeedUpTarget = 1.3;
    private const double LoneLatencyTarget = 1.1;
    private const double PaddingTarget = 0.15;

    public List<RawSessionCell> Raw { get; } = [];

    /// <summary>Sentences the summarizer embeds from the articles, and the model rows they make.</summary>
    public int Sentences { get; set; }

    public int Rows { get; set; }

    public List<SummarizeCell> Served { get; } = [];

    public bool AllTargetsMet => Targets().All(target => target.Met);

    private RawSessionCell RawBest => Raw.MaxBy(cell => cell.SentencesPerSecond)!;

    private SummarizeCell? Find(string mode, int concurrency) => Served.FirstOrDefault(cell => cell.Mode == mode && cell.Concurrency == concurrency);

    // Figures print with the invariant culture: the project builds with InvariantGlobalization.
    public void Write(TextWriter writer)
    {
        writer.WriteLine($"Machine: {processors} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        writer.WriteLine($"Server arguments: {(options.ServerArguments.Count == 0 ? "(defaults)" : string.Join(' ', options.ServerArguments))}; batching off adds --Batching:MaxBatchRows=1.");
        writer.WriteLine();
        writer.WriteLine($"Grid measured {options.Rounds} times (raw {options.RawDuration.TotalSeconds:0} s a batch size, served {options.RoundDuration.TotalSeconds:0} s a cell above concurrency 1), batching off and on alternating first.");
        writer.WriteLine($"Sentences: the {Sentences} sentences the summarizer embeds from the articles, {Rows} model rows (a sentence over the 254-token window is several).");
        writer.WriteLine();
        writer.WriteLine("Raw ONNX Runtime session, in-process, the same sentences sorted by length, cut into batches run in shuffled order:");
        writer.WriteLine();
        writer.WriteLine("| batch size | rows run | runs | sentences/s | × best | padding |");
        writer.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var cell in Raw)
        {
            writer.WriteLine($"| {cell.BatchSize} | {cell.Rows} | {cell.Batches} | {cell.SentencesPerSecond:0} | {cell.SentencesPerSecond / RawBest.SentencesPerSecond:0.00} | {cell.PaddingShare:0.0%} |");
        }
        writer.WriteLine();
        writer.WriteLine("Summarize over gRPC (sentences/s: model rows the server ran, from GetInfo's usage, per second under load; latency: whole calls):");
        writer.WriteLine();
        writer.WriteLine("| mode | callers | calls | sentences/s | × raw best | × off | median ms | × off | p95 ms | rows/run | padding | failed |");
        writer.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var cell in Served)
        {
            var off = Find(Off, cell.Concurrency);
            var failed = cell.Failures.Count == 0 ? "0" : string.Join(", ", cell.Failures.Select(f => $"{f.Value} {f.Key}"));
            writer.WriteLine(
                $"| {cell.Mode} | {cell.Concurrency} | {cell.Completed} | {cell.SentencesPerSecond:0} | {cell.SentencesPerSecond / RawBest.SentencesPerSecond:0.00} | " +
                $"{Ratio(cell.SentencesPerSecond, off?.SentencesPerSecond)} | {cell.Latency.MedianMilliseconds:0.0} | {Ratio(cell.Latency.MedianMilliseconds, off?.Latency.MedianMilliseconds)} | " +
                $"{cell.Latency.P95Milliseconds:0.0} | {cell.RowsPerBatch:0.0} | {cell.PaddingShare:0.0%} | {failed} |");
        }
        writer.WriteLine();
        writer.WriteLine("Targets:");
        writer.WriteLine();
        foreach (var target in Targets())
        {
            writer.WriteLine($"- {(target.Met ? "met" : "MISSED")}: {target.Text}");
        }
    }

    private IEnumerable<(bool Met, string Text)> Targets()
    {
        var c = CultureInfo.InvariantCulture;
        var on32 = Find(On, TargetConcurrency);
        var off32 = Find(Off, TargetConcurrency);
        if (on32 is not null && off32 is not null && Raw.Count > 0)
        {
            var share = on32.SentencesPerSecond / RawBest.SentencesPerSecond;
            yield return (share >= RawShareTarget, string.Format(c,
                "at concurrency 32, {0:0} sentences/s is {1:0%} of the raw session's best ({2:0} at batch {3}); target ≥ {4:0%}",
                on32.SentencesPerSecond, share, RawBest.SentencesPerSecond, RawBest.BatchSize, RawShareTarget));
            var speedUp = on32.SentencesPerSecond / off32.SentencesPerSecond;
            yield return (speedUp >= SpeedUpTarget, string.Format(c,
                "at concurrency 32, {0:0.00}x batching off ({1:0} sentences/s); target ≥ {2:0.0}x", speedUp, off32.SentencesPerSecond, SpeedUpTarget));
        }
        if (Find(On, 1) is { } on1 && Find(Off, 1) is { } off1)
        {
            var ratio = on1.Latency.MedianMilliseconds / off1.Latency.MedianMilliseconds;
            yield return (ratio <= LoneLatencyTarget, string.Format(c,
                "at concurrency 1, median latency {0:0.0} ms is {1:0.00}x batching off ({2:0.0} ms); target ≤ {3:0.0}x",
                on1.Latency.MedianMilliseconds, ratio, off1.Latency.MedianMilliseconds, LoneLatencyTarget));
        }
        var batched = Served.Where(cell => cell.Mode == On).ToArray();
        if (batched.Length > 0)
        {
            var worst = batched.MaxBy(cell => cell.PaddingShare)!;
            yield return (worst.PaddingShare < PaddingTarget, string.Format(c,
                "padding at most {0:0.0%} of the tokens run (batching on, concurrency {1}); target < {2:0%}", worst.PaddingShare, worst.Concurrency, PaddingTarget));
        }
    }

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
