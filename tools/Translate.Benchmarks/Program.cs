using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Translate.Benchmarks;

if (args is ["--write-shapes", var folder, var size])
{
    // The hostile shapes as files, for timing the whole command on them (docs/BENCHMARKS.md, issue 14).
    Directory.CreateDirectory(folder);
    foreach (var shape in AdversarialTexts.Shapes)
    {
        File.WriteAllText(Path.Combine(folder, shape + ".txt"), AdversarialTexts.Make(shape, int.Parse(size, System.Globalization.CultureInfo.InvariantCulture)));
    }
    return 0;
}

if (args is ["--realsize-server"])
{
    // The engine's side of models/realsize/bench.py (docs/BENCHMARKS.md, issue 15): JSON commands on standard input.
    return Translate.Benchmarks.RealSizeGenerationServer.Run(Console.In, Console.Out);
}

// Bytes of UTF-8 text in one operation: a sentence, or a batch of 64.
var averages = new Dictionary<string, double>();
double BytesPerOperation(BenchmarkDotNet.Running.BenchmarkCase benchmarkCase)
{
    if (benchmarkCase.Descriptor.Type == typeof(GenerationBenchmarks) || benchmarkCase.Descriptor.Type == typeof(AdversarialInputBenchmarks))
    {
        return double.NaN; // tokens, not text: docs/BENCHMARKS.md gives tokens a second
    }
    var language = (string)benchmarkCase.Parameters["Language"];
    if (benchmarkCase.Descriptor.Type == typeof(SentencePieceFirstPassBenchmarks))
    {
        // One operation is the whole pass over the distinct sentences.
        var distinct = SentencePieceFirstPassBenchmarks.DistinctSentences(language);
        return BenchmarkSentences.AverageUtf8Bytes(distinct) * distinct.Length;
    }
    if (!averages.TryGetValue(language, out var average))
    {
        average = averages[language] = BenchmarkSentences.AverageUtf8Bytes(SentenceSet.Get(language, WordPieceSentenceBenchmarks.Sentences));
    }
    return benchmarkCase.Descriptor.Type == typeof(WordPieceBatchBenchmarks) || benchmarkCase.Descriptor.Type == typeof(SentencePieceBatchBenchmarks) ? average * WordPieceBatchBenchmarks.BatchSize : average;
}

var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn(BytesPerOperation));
BenchmarkSwitcher.FromAssembly(typeof(WordPieceSentenceBenchmarks).Assembly).Run(args, config);
return 0;
