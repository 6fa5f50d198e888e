using BenchmarkDotNet.Attributes;
using Translate.Core.Tokenization.WordPiece;
using FastBert = FastBertTokenizer.BertTokenizer;

namespace Translate.Benchmarks;

/// <summary>Batches of 64 sentences into padded input_ids and attention_mask tensors (max 256 tokens a row).</summary>
[MemoryDiagnoser]
public class WordPieceBatchBenchmarks
{
    public const int BatchSize = 64;
    public const int Batches = WordPieceSentenceBenchmarks.Sentences / BatchSize;
    public const int MaxTokens = 256;

    private string[] _sentences = [];
    private WordPieceTokenizer _ours = null!;
    private FastBert _fast = null!;
    private TensorBatch _batch = null!;
    private readonly long[] _fastIds = new long[BatchSize * MaxTokens];
    private readonly long[] _fastMask = new long[BatchSize * MaxTokens];

    [Params("en", "fr")]
    public string Language { get; set; } = "en";

    [GlobalSetup]
    public void Setup()
    {
        _sentences = SentenceSet.Get(Language, WordPieceSentenceBenchmarks.Sentences);
        _ours = Tokenizers.Ours();
        _fast = Tokenizers.FastBert();
        _batch = new TensorBatch(_ours, MaxTokens);
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batches, Description = "FastBertTokenizer 1.2.6, 64 into tensors")]
    public long FastBertTokenizer()
    {
        long sum = 0;
        var memory = _sentences.AsMemory();
        for (var b = 0; b < Batches; b++)
        {
            _fast.Encode(memory.Slice(b * BatchSize, BatchSize), _fastIds, _fastMask, MaxTokens);
            sum += _fastIds[0];
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "WordPieceTokenizer (ours), 64 into TokenBatch")]
    public long Ours()
    {
        long sum = 0;
        for (var b = 0; b < Batches; b++)
        {
            _batch.Encode(_sentences.AsSpan(b * BatchSize, BatchSize));
            sum += _batch.Batch.SequenceLength;
        }
        return sum;
    }
}
