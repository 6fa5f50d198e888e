using BenchmarkDotNet.Attributes;
using Translate.Core.Inference;
using Translate.Core.Inference.Generation;

namespace Translate.Benchmarks;

/// <summary>
/// Seq2seq generation on the tiny Marian fixture (models/fixtures/marian): the same 32 inputs (its 23 cases, then
/// again from the first) in runs of <see cref="Batch"/> rows, greedy or beam, with or without the key/value cache.
/// Batch 1 is one call at a time. Every run generates the same ids, so time per operation compares directly.
/// </summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    public const int Inputs = 32;

    private Seq2SeqModel _model = null!;
    private int[][] _inputs = [];
    private GenerationSettings _settings = null!;

    [Params(1, 8, 32)]
    public int Batch { get; set; }

    [Params(1, 4)]
    public int Beams { get; set; }

    [Params(true, false)]
    public bool Cache { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(RepositoryRoot(), "models", "fixtures", "marian");
        _model = Seq2SeqModel.Load(folder, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        var cases = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "expected.json"))).RootElement.GetProperty("cases");
        var all = cases.EnumerateArray().Select(c => c.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray()).ToArray();
        _inputs = Enumerable.Range(0, Inputs).Select(i => all[i % all.Length]).ToArray();
        _settings = _model.Settings with { NumBeams = Beams, MaxNewTokens = 20, UseCache = Cache };
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>Generated tokens (after the start token) of one operation, for tokens a second.</summary>
    public int GeneratedTokens() => _model.Generate(_inputs, _settings).Sum(o => o.Ids.Length - 1);

    [Benchmark(Description = "32 inputs")]
    public int Generate()
    {
        var tokens = 0;
        for (var first = 0; first < _inputs.Length; first += Batch)
        {
            foreach (var output in _model.Generate(_inputs[first..(first + Batch)], _settings))
            {
                tokens += output.Ids.Length;
            }
        }
        return tokens;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Translate.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("No Translate.sln above the benchmark: cannot find models/fixtures.");
    }
}
