using BenchmarkDotNet.Attributes;
using Translate.Core.Hosting;
using Translate.Core.Processing;

namespace Translate.Benchmarks;

/// <summary>
/// One document of 200,000 code points through Process (cleanup, then summary), each hostile shape against prose of
/// the same length in the same run: every step's cost must be linear in the length whatever the shape (issue 14).
/// </summary>
[MemoryDiagnoser(false)]
public class AdversarialInputBenchmarks
{
    public const int CodePoints = 200_000;

    private TranslateRuntime _runtime = null!;
    private readonly Dictionary<string, DocumentRequest> _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        _runtime = TranslateRuntime.Load(new ProcessingOptions());
        foreach (var shape in AdversarialTexts.Shapes)
        {
            _documents[shape] = new DocumentRequest(shape, AdversarialTexts.Make(shape, CodePoints));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark(Baseline = true, Description = "prose")]
    public Task<DocumentResult> Prose() => Run("prose");

    [Benchmark(Description = "one word")]
    public Task<DocumentResult> OneWord() => Run("one-word");

    [Benchmark(Description = "mixed scripts, no spaces")]
    public Task<DocumentResult> MixedScripts() => Run("mixed-scripts-no-spaces");

    [Benchmark(Description = "one-word sentences")]
    public Task<DocumentResult> OneWordSentences() => Run("one-word-sentences");

    [Benchmark(Description = "nested quotes and brackets")]
    public Task<DocumentResult> NestedQuotes() => Run("nested-quotes-and-brackets");

    [Benchmark(Description = "only punctuation")]
    public Task<DocumentResult> OnlyPunctuation() => Run("only-punctuation");

    [Benchmark(Description = "combining marks")]
    public Task<DocumentResult> CombiningMarks() => Run("combining-marks");

    [Benchmark(Description = "long URLs")]
    public Task<DocumentResult> LongUrls() => Run("long-urls");

    [Benchmark(Description = "'the the' repeated")]
    public Task<DocumentResult> TheThe() => Run("the-the");

    private Task<DocumentResult> Run(string shape) => _runtime.Processor.ProcessAsync(_documents[shape]);
}
