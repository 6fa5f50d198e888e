using System.Diagnostics;
using System.Globalization;
using Translate.Protos.V1;

namespace Translate.LoadGenerator;

/// <summary>
/// Continuous against static batching of a seq2seq translator (issue 15), through the server: two servers with the
/// same translator folder (Processing:Models:Translators:fr-en), one with Batching:Scheduling=Continuous, driven by
/// closed-loop callers of Process with English documents that carry one to four French sentences of mixed lengths
/// (the untranslated-segment step sends each to the translator). Every concurrency is measured in rounds, the two
/// servers alternating first, so a noisy machine weighs on both alike.
/// </summary>
internal static class TranslatorLoad
{
    public const string Static = "static";
    public const string Continuous = "continuous";

    // French sentences from 4 to 40 words: the translator's inputs, so its rows end at different steps.
    private static readonly string[] French =
    [
        "Le président est arrivé hier soir.",
        "Les négociations reprendront la semaine prochaine à Bruxelles.",
        "Selon le ministère, le nombre de chômeurs a baissé de deux pour cent au cours du dernier trimestre.",
        "Il a plu toute la journée.",
        "La mairie a décidé de fermer la piscine municipale pendant les travaux de rénovation, qui devraient durer jusqu'à la fin de l'année prochaine.",
        "Nous ne savons pas encore quand le train partira.",
        "Les habitants du quartier se plaignent depuis des mois du bruit des camions qui traversent la rue principale avant six heures du matin, et ils demandent à la préfecture d'interdire leur passage.",
        "Elle a remporté la course.",
        "Le gouvernement a présenté mercredi un projet de loi destiné à simplifier les démarches administratives des petites entreprises.",
        "Les enfants sont rentrés de l'école plus tôt que prévu.",
        "Après trois jours de discussions tendues, les représentants des syndicats et de la direction sont finalement parvenus à un accord sur les salaires, les horaires de travail et la prime de fin d'année.",
        "Le musée rouvrira ses portes en septembre.",
    ];

    private static readonly string[] English =
    [
        "The city council met on Monday to discuss the budget.",
        "Officials said the report would be published next month.",
        "The company announced its results for the third quarter.",
    ];

    /// <summary>Document i: an English sentence, then 1 to 4 French sentences, a mix of short and long.</summary>
    public static string Document(int i)
    {
        var french = 1 + (i * 7 % 4);
        var parts = new List<string> { English[i % English.Length] };
        for (var k = 0; k < french; k++)
        {
            parts.Add(French[(i * 5 + k * 3) % French.Length]);
        }
        return string.Join(" ", parts);
    }

    public static async Task<int> RunAsync(string serverDll, LoadGeneratorOptions options, CancellationToken cancellationToken)
    {
        // Every caller's document is admitted at once and waits for nothing but the model: the measure is the
        // translator's scheduling, not the document admission (one a core by default) or its refusals.
        string[] common =
        [
            $"--Processing:Models:Translators:fr-en={options.Translator}", $"--Processing:MaxConcurrentDocuments={options.Concurrency.Max()}",
            "--Processing:MaxQueueMilliseconds=3600000", "--Processing:MaxProcessingSeconds=3600", "--Batching:MaxQueueMilliseconds=3600000",
            .. options.ServerArguments,
        ];
        Console.Error.WriteLine($"starting {serverDll} twice (Batching:Scheduling Static, Continuous) with the translator {options.Translator}");
        await using var staticServer = await ServerProcess.StartAsync(serverDll, [.. common, "--Batching:Scheduling=Static"], cancellationToken);
        await using var continuousServer = await ServerProcess.StartAsync(serverDll, [.. common, "--Batching:Scheduling=Continuous"], cancellationToken);
        foreach (var server in new[] { staticServer, continuousServer })
        {
            var client = new Protos.V1.Translate.TranslateClient(server.Channel);
            var result = await client.ProcessAsync(new ProcessRequest { Document = new Document { Text = Document(0) } }, cancellationToken: cancellationToken);
            if (!result.Edits.Any(edit => edit.Kind == EditKind.Untranslated && edit.Engine.Contains("fr-en", StringComparison.Ordinal)))
            {
                throw new LoadGeneratorException($"The server at {server.Address} did not translate the French sentences with the fr-en translator: " +
                    $"edits {string.Join(", ", result.Edits.Select(edit => $"{edit.Kind}/{edit.Engine}"))}. Is {options.Translator} a Marian export?");
            }
        }

        var next = 0;
        if (options.WarmupDuration > TimeSpan.Zero)
        {
            // Not counted: the first seconds of a server under load grow its memory pools and ONNX Runtime's arenas
            // to the sizes the load needs (a cold first round measured 0.9x the next ones).
            foreach (var concurrency in options.Concurrency)
            {
                foreach (var (mode, server) in new[] { (Static, staticServer), (Continuous, continuousServer) })
                {
                    var (latencies, _) = await ClosedLoopAsync(server, concurrency, options.WarmupDuration, options.TranslatorCall, () => Interlocked.Increment(ref next), cancellationToken);
                    Console.Error.WriteLine($"warm-up, {mode}, concurrency {concurrency}: {latencies.Count} calls, not counted");
                }
            }
        }
        var samples = new Dictionary<(string Mode, int Concurrency), (List<double> Latencies, TimeSpan Elapsed)>();
        for (var round = 0; round < options.Rounds; round++)
        {
            Console.Error.WriteLine($"round {round + 1} of {options.Rounds}");
            foreach (var concurrency in options.Concurrency)
            {
                var order = round % 2 == 0 ? new[] { (Static, staticServer), (Continuous, continuousServer) } : [(Continuous, continuousServer), (Static, staticServer)];
                var first = next;
                foreach (var (mode, server) in order)
                {
                    // Both modes get the same documents in the same order.
                    next = first;
                    var (latencies, elapsed) = await ClosedLoopAsync(server, concurrency, options.RoundDuration, options.TranslatorCall, () => Interlocked.Increment(ref next), cancellationToken);
                    Console.Error.WriteLine($"  {mode}, concurrency {concurrency}: {latencies.Count} calls, {latencies.Count / elapsed.TotalSeconds:0.00} documents/s");
                    if (!samples.TryGetValue((mode, concurrency), out var sample))
                    {
                        sample = ([], TimeSpan.Zero);
                    }
                    sample.Latencies.AddRange(latencies);
                    samples[(mode, concurrency)] = (sample.Latencies, sample.Elapsed + elapsed);
                }
            }
        }

        Console.WriteLine($"Translator load: {options.Translator}, {options.TranslatorCall} calls, {Environment.ProcessorCount} cores, " +
            $"{options.WarmupDuration.TotalSeconds:0} s of warm-up a cell, then {options.Rounds} rounds of {options.RoundDuration.TotalSeconds:0} s a cell, closed loop.");
        Console.WriteLine();
        Console.WriteLine("| callers | mode | calls | documents/s | × static | p50 ms | × static | p99 ms | × static |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        bool? met = null;
        foreach (var concurrency in options.Concurrency)
        {
            var (baseRate, baseP50, baseP99) = Figures(samples[(Static, concurrency)]);
            foreach (var mode in new[] { Static, Continuous })
            {
                var sample = samples[(mode, concurrency)];
                var (rate, p50, p99) = Figures(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {concurrency} | {mode} | {sample.Latencies.Count} | {rate:0.00} | {rate / baseRate:0.00}× | {p50:0} | {p50 / baseP50:0.00}× | {p99:0} | {p99 / baseP99:0.00}× |"));
                if (mode == Continuous && concurrency == 16)
                {
                    met = rate >= 1.3 * baseRate && p99 < baseP99;
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine(met switch
        {
            true => "target (concurrency 16: ≥ 1.3× throughput, lower p99): met",
            false => "target (concurrency 16: ≥ 1.3× throughput, lower p99): NOT met",
            null => "target (concurrency 16: ≥ 1.3× throughput, lower p99): not measured (no --concurrency 16)",
        });
        return met == false ? 2 : 0;
    }

    private static (double Rate, double P50, double P99) Figures((List<double> Latencies, TimeSpan Elapsed) sample)
    {
        var sorted = sample.Latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return (sorted.Length / sample.Elapsed.TotalSeconds, Percentile(0.5), Percentile(0.99));
    }

    /// <summary>
    /// <paramref name="concurrency"/> callers, each sending its next document as soon as the last is answered, for
    /// <paramref name="duration"/>; calls still running then are awaited and counted, and the elapsed time runs until
    /// the last of them ends.
    /// </summary>
    private static async Task<(List<double> Latencies, TimeSpan Elapsed)> ClosedLoopAsync(ServerProcess server, int concurrency, TimeSpan duration, string call,
        Func<int> nextDocument, CancellationToken cancellationToken)
    {
        var client = new Protos.V1.Translate.TranslateClient(server.Channel);
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var text = Document(nextDocument());
                var start = clock.Elapsed;
                var document = new Document { Text = text };
                if (call == "clean")
                {
                    await client.CleanAsync(new CleanRequest { Document = document }, cancellationToken: cancellationToken);
                }
                else
                {
                    await client.ProcessAsync(new ProcessRequest { Document = document }, cancellationToken: cancellationToken);
                }
                lock (latencies)
                {
                    latencies.Add((clock.Elapsed - start).TotalMilliseconds);
                }
            }
        }));
        return (latencies, clock.Elapsed);
    }
}
