using BenchmarkDotNet.Attributes;
using Translate.Core.Tokenization.WordPiece;
using FastBert = FastBertTokenizer.BertTokenizer;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;
using MlNetBert = Microsoft.ML.Tokenizers.BertTokenizer;

namespace Translate.Benchmarks;

/// <summary>One call per sentence, one thread, the same news sentences for every tokenizer; ids into the caller's buffer where the API allows.</summary>
[MemoryDiagnoser]
public class WordPieceSentenceBenchmarks
{
    public const int Sentences = 1024;

    private readonly int[] _ids = new int[4096];
    private readonly long[] _longIds = new long[4096];
    private readonly long[] _mask = new long[4096];
    private string[] _sentences = [];
    private WordPieceTokenizer _ours = null!;
    private FastBert _fast = null!;
    private MlNetBert _mlNet = null!;
    private HuggingFaceTokenizer _huggingFace = null!;
    private string _huggingFaceDirectory = "";

    [Params("en", "fr")]
    public string Language { get; set; } = "en";

    [GlobalSetup]
    public void Setup()
    {
        _sentences = SentenceSet.Get(Language, Sentences);
        _ours = Tokenizers.Ours();
        _fast = Tokenizers.FastBert();
        _mlNet = Tokenizers.MlNet();
        _huggingFace = Tokenizers.HuggingFace(out _huggingFaceDirectory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _huggingFace.Dispose();
        Directory.Delete(_huggingFaceDirectory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sentences, Description = "FastBertTokenizer 1.2.6")]
    public long FastBertTokenizer()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _fast.Encode(sentence, _longIds, _mask, padTo: null);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Sentences, Description = "WordPieceTokenizer (ours)")]
    public long Ours()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            _ours.EncodeToIds(sentence, _ids, out var written, out _);
            sum += written;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Sentences, Description = "Microsoft.ML.Tokenizers 2.0.1 BertTokenizer")]
    public long MicrosoftMlTokenizers()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _mlNet.EncodeToIds(sentence, addSpecialTokens: false).Count;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Sentences, Description = "Tokenizers.DotNet 1.4.1 (Hugging Face, Rust)")]
    public long HuggingFace()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _huggingFace.Encode(sentence).Length;
        }
        return sum;
    }
}

/// <summary>The benchmark sentences: the first <c>count</c> of a language, repeated when there are fewer.</summary>
internal static class SentenceSet
{
    public static string[] Get(string language, int count)
    {
        var all = BenchmarkSentences.Load(language);
        return [.. Enumerable.Range(0, count).Select(i => all[i % all.Length])];
    }
}
