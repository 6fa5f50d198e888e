using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Translate.Core.Tokenization;

namespace Translate.Core.Inference;

/// <summary>
/// Sentence embeddings from a BERT-style encoder (all-MiniLM-L6-v2): the mean of the token vectors under the
/// attention mask, L2-normalised, as sentence-transformers computes them. A sentence longer than the model's
/// window is cut into windows and its embedding is the mean over all of its tokens: nothing is dropped.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ISentenceTokenizer _tokenizer;
    private readonly SentenceEncoderOptions _options;
    private readonly bool _hasTokenTypes;
    private readonly string _outputName;

    public SentenceEncoder(byte[] model, ISentenceTokenizer tokenizer, OnnxRuntimeOptions runtime, SentenceEncoderOptions options)
    {
        using var sessionOptions = runtime.ToSessionOptions();
        _session = new InferenceSession(model, sessionOptions);
        _tokenizer = tokenizer;
        _options = options;
        foreach (var required in (string[])["input_ids", "attention_mask"])
        {
            if (!_session.InputMetadata.ContainsKey(required))
            {
                throw new InvalidDataException($"The encoder model has no input '{required}'; inputs are {string.Join(", ", _session.InputMetadata.Keys)}.");
            }
        }
        _hasTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        Dimension = _session.OutputMetadata[_outputName].Dimensions[^1];
    }

    /// <summary>Length of an embedding vector.</summary>
    public int Dimension { get; }

    /// <summary>Embeds each text; the result has one normalised vector a text.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var window = _options.MaxTokens - 2; // room for [CLS] and [SEP]
        var rows = new List<(int Text, int[] Ids)>();
        var ids = new List<int>();
        for (var t = 0; t < texts.Count; t++)
        {
            ids.Clear();
            _tokenizer.Encode(texts[t], ids);
            if (ids.Count == 0)
            {
                rows.Add((t, [_tokenizer.ClassificationId, _tokenizer.SeparatorId]));
                continue;
            }
            for (var start = 0; start < ids.Count; start += window)
            {
                var count = Math.Min(window, ids.Count - start);
                var row = new int[count + 2];
                row[0] = _tokenizer.ClassificationId;
                ids.CopyTo(start, row, 1, count);
                row[^1] = _tokenizer.SeparatorId;
                rows.Add((t, row));
            }
        }

        var sums = new float[texts.Count][];
        var weights = new int[texts.Count];
        // Similar lengths together keep padding small.
        var order = rows.Select((row, index) => index).OrderBy(index => rows[index].Ids.Length).ToArray();
        for (var first = 0; first < order.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = 1;
            var longest = rows[order[first]].Ids.Length;
            while (first + count < order.Length && count < _options.MaxBatchRows)
            {
                var next = rows[order[first + count]].Ids.Length;
                if (next * (count + 1) > _options.MaxBatchTokens)
                {
                    break;
                }
                longest = next;
                count++;
            }
            var batch = new int[count][];
            for (var k = 0; k < count; k++)
            {
                batch[k] = rows[order[first + k]].Ids;
            }
            var pooled = RunBatch(batch, longest);
            for (var k = 0; k < count; k++)
            {
                var (text, rowIds) = rows[order[first + k]];
                var sum = sums[text] ??= new float[Dimension];
                // Mean over all tokens of all windows: each window's mean weighted by its token count.
                TensorPrimitives.MultiplyAdd(pooled[k], rowIds.Length, sum, sum);
                weights[text] += rowIds.Length;
            }
            first += count;
        }
        for (var t = 0; t < texts.Count; t++)
        {
            var vector = sums[t];
            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, norm > 0 ? norm : 1, vector);
        }
        return sums;
    }

    private float[][] RunBatch(int[][] rows, int length)
    {
        var size = rows.Length * length;
        var inputIds = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        try
        {
            Array.Clear(types, 0, size);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                for (var c = 0; c < length; c++)
                {
                    var inside = c < row.Length;
                    inputIds[r * length + c] = inside ? row[c] : _tokenizer.PaddingId;
                    mask[r * length + c] = inside ? 1 : 0;
                }
            }
            long[] shape = [rows.Length, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, size), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape);
            var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
            var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [_outputName]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var result = new float[rows.Length][];
            for (var r = 0; r < rows.Length; r++)
            {
                var mean = new float[Dimension];
                var tokens = rows[r].Length;
                for (var c = 0; c < tokens; c++)
                {
                    TensorPrimitives.Add(mean, hidden.Slice((r * length + c) * Dimension, Dimension), mean);
                }
                TensorPrimitives.Divide(mean, tokens, mean);
                result[r] = mean;
            }
            return result;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>Settings of <see cref="SentenceEncoder"/> (configuration section "Embeddings").</summary>
public sealed class SentenceEncoderOptions
{
    public const string Section = "Embeddings";

    /// <summary>Model window in tokens, special tokens included (all-MiniLM-L6-v2 was trained on 256).</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Most rows in one session run.</summary>
    public int MaxBatchRows { get; set; } = 32;

    /// <summary>Most tokens (rows × padded length) in one session run.</summary>
    public int MaxBatchTokens { get; set; } = 4096;
}
