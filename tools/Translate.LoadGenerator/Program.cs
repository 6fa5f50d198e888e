using Translate.Core.Inference;
using Translate.LoadGenerator;

// One run measures everything the comparison needs, on the same machine in the same minutes. The whole grid (each
// concurrency with batching off and on, the raw session at each batch size) is measured in several rounds,
// off and on alternating first, and each cell sums its rounds: on a shared machine a noisy neighbour then weighs
// on every configuration alike. Both servers stay up throughout; the idle one costs nothing.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
try
{
    var options = LoadGeneratorOptions.Parse(args);
    var root = DevArticles.FindRepositoryRoot(Environment.CurrentDirectory);
    if (options.Translator is not null)
    {
        return await TranslatorLoad.RunAsync(options.Server ?? Path.Combine(root, "src/Translate.Cli/bin/Release/net10.0/translate.dll"), options, cancellation.Token);
    }
    var articles = DevArticles.Load(options.Data ?? DevArticles.Find(DevArticles.DefaultPaths(root)));
    var serverDll = options.Server ?? Path.Combine(root, "src/Translate.Cli/bin/Release/net10.0/translate.dll");
    if (options.Overload)
    {
        await using var server = await ServerProcess.StartAsync(serverDll, options.ServerArguments, cancellation.Token);
        await SummarizeLoad.WarmUpAsync(server, articles, cancellation.Token);
        return await OverloadRun.RunAsync(server, articles, options.OverloadDuration, cancellation.Token);
    }
    var report = new BenchmarkReport(Environment.ProcessorCount, options);

    using var raw = new RawSessionBaseline(articles, new OnnxRuntimeOptions { IntraOpThreads = options.IntraOpThreads });
    report.Sentences = raw.Sentences;
    report.Rows = raw.Rows;
    Console.Error.WriteLine($"{articles.Count} articles, {raw.Sentences} sentences to embed ({raw.Rows} rows); starting {serverDll} twice (batching off, on)");
    await using var off = await ServerProcess.StartAsync(serverDll, [.. options.ServerArguments, "--Batching:MaxBatchRows=1"], cancellation.Token);
    await using var on = await ServerProcess.StartAsync(serverDll, options.ServerArguments, cancellation.Token);
    await SummarizeLoad.WarmUpAsync(off, articles, cancellation.Token);
    await SummarizeLoad.WarmUpAsync(on, articles, cancellation.Token);

    var rawCells = new Dictionary<int, RawSessionCell>();
    void MeasureRaw()
    {
        foreach (var batchSize in options.RawBatchSizes)
        {
            var cell = raw.Run(batchSize, options.RawDuration);
            rawCells[batchSize] = rawCells.TryGetValue(batchSize, out var earlier) ? earlier.Plus(cell) : cell;
            Console.Error.WriteLine($"  raw batch {batchSize}: {cell.SentencesPerSecond:0} sentences/s");
        }
    }
    // The raw session runs right before the cells the target compares it with, so both see the same neighbours.
    var rawBefore = options.Concurrency.Contains(BenchmarkReport.TargetConcurrency) ? BenchmarkReport.TargetConcurrency : options.Concurrency[0];
    var servedRounds = new Dictionary<(string Mode, int Concurrency), List<SummarizeSample>>();
    for (var round = 0; round < options.Rounds; round++)
    {
        Console.Error.WriteLine($"round {round + 1} of {options.Rounds}");
        // At concurrency 1 each round sends its share of the articles, the same ones to both servers, so latencies
        // compare article for article; above it, each round keeps the callers busy for a fixed time.
        var slice = Enumerable.Range(0, articles.Count).Where(i => i * options.Rounds / articles.Count == round).ToArray();
        foreach (var concurrency in options.Concurrency)
        {
            if (concurrency == rawBefore)
            {
                MeasureRaw();
            }
            var servers = round % 2 == 0 ? [(BenchmarkReport.Off, off), (BenchmarkReport.On, on)] : new[] { (BenchmarkReport.On, on), (BenchmarkReport.Off, off) };
            foreach (var (mode, server) in servers)
            {
                var sample = concurrency == 1
                    ? await SummarizeLoad.RunCountedAsync(server, articles, slice, concurrency, cancellation.Token)
                    : await SummarizeLoad.RunTimedAsync(server, articles, concurrency, options.RoundDuration, slice[0], cancellation.Token);
                Console.Error.WriteLine($"  {mode}, concurrency {concurrency}: {sample.LatenciesMilliseconds.Count} calls, " +
                    $"{sample.Usage.Rows / sample.Elapsed.TotalSeconds:0} sentences/s");
                if (!servedRounds.TryGetValue((mode, concurrency), out var samples))
                {
                    servedRounds[(mode, concurrency)] = samples = [];
                }
                samples.Add(sample);
            }
        }
    }

    report.Raw.AddRange(options.RawBatchSizes.Select(size => rawCells[size]));
    foreach (var concurrency in options.Concurrency)
    {
        report.Served.Add(new SummarizeCell(BenchmarkReport.Off, concurrency, servedRounds[(BenchmarkReport.Off, concurrency)]));
        report.Served.Add(new SummarizeCell(BenchmarkReport.On, concurrency, servedRounds[(BenchmarkReport.On, concurrency)]));
    }
    report.Write(Console.Out);
    return report.AllTargetsMet ? 0 : 2;
}
catch (LoadGeneratorException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
