using BenchmarkDotNet.Attributes;
using Translate.Core.Tokenization.SentencePiece;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;
using MlNetSentencePiece = Microsoft.ML.Tokenizers.SentencePieceTokenizer;

namespace Translate.Benchmarks;

/// <summary>
/// SentencePiece unigram, one call per French news sentence on one thread, ours against Microsoft.ML.Tokenizers'
/// SentencePieceTokenizer loaded from the same .model: the committed French model, and the real Marian
/// opus-mt-uk-en source.spm read from shared/ (both unigram with nmt_nfkc normalization).
/// </summary>
[MemoryDiagnoser]
public class SentencePieceSentenceBenchmarks : SentencePieceBenchmark
{
    private readonly int[] _ids = new int[4096];
    private string[] _sentences = [];
    private SentencePieceTokenizer _ours = null!;
    private MlNetSentencePiece _mlNet = null!;
    private HuggingFaceTokenizer _huggingFace = null!;
    private string _huggingFaceDirectory = "";

    [GlobalSetup]
    public void Setup()
    {
        _sentences = SentenceSet.Get(Language, WordPieceSentenceBenchmarks.Sentences);
        var path = SentencePieceModels.Path(Model);
        _ours = SentencePieceTokenizer.FromFile(path);
        using var stream = File.OpenRead(path);
        _mlNet = MlNetSentencePiece.Create(stream, false, false);
        // The comparison is fair only if both do the same work: say how often their ids differ.
        var differ = _sentences.Distinct().Count(sentence => !_ours.EncodeToIds(sentence).SequenceEqual(_mlNet.EncodeToIds(sentence, false, false)));
        Console.WriteLine($"// {Model}: ours and Microsoft.ML.Tokenizers differ on {differ} of {_sentences.Distinct().Count()} sentences");
        _huggingFaceDirectory = Directory.CreateTempSubdirectory("translate-bench-unigram-").FullName;
        _huggingFace = new HuggingFaceTokenizer(UnigramTokenizerJson.Write(path, _huggingFaceDirectory));
        var differHf = _sentences.Distinct().Count(sentence => !_ours.EncodeToIds(sentence).SequenceEqual(Array.ConvertAll(_huggingFace.Encode(sentence), id => (int)id)));
        Console.WriteLine($"// {Model}: ours and Tokenizers.DotNet (tokenizer.json converted from the .model) differ on {differHf} of {_sentences.Distinct().Count()} sentences");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _huggingFace.Dispose();
        Directory.Delete(_huggingFaceDirectory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = WordPieceSentenceBenchmarks.Sentences, Description = "Tokenizers.DotNet 1.4.1 (Hugging Face, Rust), converted tokenizer.json")]
    public long HuggingFace()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _huggingFace.Encode(sentence).Length;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = WordPieceSentenceBenchmarks.Sentences, Description = "Microsoft.ML.Tokenizers 2.0.1 SentencePieceTokenizer")]
    public long MicrosoftMlTokenizers()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _mlNet.EncodeToIds(sentence, addBeginningOfSentence: false, addEndOfSentence: false).Count;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = WordPieceSentenceBenchmarks.Sentences, Description = "SentencePieceTokenizer (ours)")]
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
}

/// <summary>Batches of 64 French sentences into padded input_ids and attention_mask tensors (max 256 tokens a row).</summary>
[MemoryDiagnoser]
public class SentencePieceBatchBenchmarks : SentencePieceBenchmark
{
    private string[] _sentences = [];
    private SentencePieceTokenizer _ours = null!;
    private TensorBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sentences = SentenceSet.Get(Language, WordPieceSentenceBenchmarks.Sentences);
        var path = SentencePieceModels.Path(Model);
        // Marian's <pad> and </s> ids are vocab.json's.
        var vocabulary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "vocab.json");
        _ours = SentencePieceTokenizer.FromFile(path, File.Exists(vocabulary) ? vocabulary : null);
        _batch = new TensorBatch(_ours, WordPieceBatchBenchmarks.MaxTokens);
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(OperationsPerInvoke = WordPieceBatchBenchmarks.Batches, Description = "SentencePieceTokenizer (ours), 64 into TokenBatch")]
    public long Ours()
    {
        long sum = 0;
        for (var b = 0; b < WordPieceBatchBenchmarks.Batches; b++)
        {
            _batch.Encode(_sentences.AsSpan(b * WordPieceBatchBenchmarks.BatchSize, WordPieceBatchBenchmarks.BatchSize));
            sum += _batch.Batch.SequenceLength;
        }
        return sum;
    }
}

/// <summary>
/// The first pass over text never seen: each of the distinct French sentences once, ours starting with an empty word
/// cache (emptied at the start of each pass, which is measured), against Microsoft.ML.Tokenizers on the same pass.
/// A third of the words are new to the cache here, far more than in a stream of news: the cache's worst case.
/// </summary>
[MemoryDiagnoser]
public class SentencePieceFirstPassBenchmarks : SentencePieceBenchmark
{
    private readonly int[] _ids = new int[4096];
    private string[] _sentences = [];
    private SentencePieceTokenizer _ours = null!;
    private MlNetSentencePiece _mlNet = null!;

    public static string[] DistinctSentences(string language) => SentenceSet.Get(language, WordPieceSentenceBenchmarks.Sentences).Distinct().ToArray();

    [GlobalSetup]
    public void Setup()
    {
        _sentences = DistinctSentences(Language);
        var path = SentencePieceModels.Path(Model);
        _ours = SentencePieceTokenizer.FromFile(path);
        using var stream = File.OpenRead(path);
        _mlNet = MlNetSentencePiece.Create(stream, false, false);
    }

    [Benchmark(Baseline = true, Description = "Microsoft.ML.Tokenizers 2.0.1 SentencePieceTokenizer, first pass")]
    public long MicrosoftMlTokenizers()
    {
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            sum += _mlNet.EncodeToIds(sentence, addBeginningOfSentence: false, addEndOfSentence: false).Count;
        }
        return sum;
    }

    [Benchmark(Description = "SentencePieceTokenizer (ours), first pass, empty word cache")]
    public long Ours()
    {
        _ours.ClearWordCache();
        long sum = 0;
        foreach (var sentence in _sentences)
        {
            _ours.EncodeToIds(sentence, _ids, out var written, out _);
            sum += written;
        }
        return sum;
    }
}

/// <summary>The parameters every SentencePiece benchmark runs over: French news sentences, both models.</summary>
public abstract class SentencePieceBenchmark
{
    [Params("fr")]
    public string Language { get; set; } = "fr";

    [Params(SentencePieceModels.French, SentencePieceModels.MarianSource)]
    public string Model { get; set; } = SentencePieceModels.French;
}

internal static class SentencePieceModels
{
    public const string French = "fr-unigram-2000";
    public const string MarianSource = "marian-uk-en-source";

    public static string Path(string model)
    {
        var relative = model == French
            ? System.IO.Path.Combine("tests", "Translate.Core.Tests", "Tokenization", "Fixtures", "fr-unigram-2000.model")
            : System.IO.Path.Combine("shared", "models", "marian-opus-mt-uk-en-tokenizer", "source.spm");
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var shared = System.IO.Path.Combine("/work", relative);
        return File.Exists(shared) ? shared : throw new FileNotFoundException($"{relative} was not found above {AppContext.BaseDirectory} nor in /work (the Marian model is read from shared/, never committed).");
    }
}
