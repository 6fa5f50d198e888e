using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference;

/// <summary>
/// One ONNX Runtime session of a BERT-style encoder: runs a batch of token rows, padded to one width under an
/// attention mask, and returns each row's mean token vector (the mean over its own tokens only, so a row's result
/// does not depend on the rows it ran with). Not thread-safe by design: the batcher calls it from one thread.
/// </summary>
public sealed class EncoderSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int _paddingId;
    private readonly bool _hasTokenTypes;
    private readonly string _outputName;

    public EncoderSession(byte[] model, OnnxRuntimeOptions runtime, int paddingId)
    {
        using var sessionOptions = runtime.ToSessionOptions();
        _session = new InferenceSession(model, sessionOptions);
        _paddingId = paddingId;
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

    /// <summary>Length of a token vector.</summary>
    public int Dimension { get; }

    /// <summary>
    /// One session run over <paramref name="rows"/> (token ids, special tokens included), each padded to
    /// <paramref name="paddedLength"/>; writes each row's mean token vector to <paramref name="pooled"/>.
    /// </summary>
    public void Run(ReadOnlySpan<int[]> rows, int paddedLength, Span<float[]> pooled)
    {
        var size = rows.Length * paddedLength;
        var inputIds = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        try
        {
            Array.Clear(types, 0, size);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                var ids = inputIds.AsSpan(r * paddedLength, paddedLength);
                var rowMask = mask.AsSpan(r * paddedLength, paddedLength);
                for (var c = 0; c < row.Length; c++)
                {
                    ids[c] = row[c];
                }
                ids[row.Length..].Fill(_paddingId);
                rowMask[..row.Length].Fill(1);
                rowMask[row.Length..].Clear();
            }
            long[] shape = [rows.Length, paddedLength];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, size), shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, size), shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, size), shape);
            var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
            var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [_outputName]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (var r = 0; r < rows.Length; r++)
            {
                var mean = new float[Dimension];
                var tokens = rows[r].Length;
                for (var c = 0; c < tokens; c++)
                {
                    TensorPrimitives.Add(mean, hidden.Slice((r * paddedLength + c) * Dimension, Dimension), mean);
                }
                TensorPrimitives.Divide(mean, tokens, mean);
                pooled[r] = mean;
            }
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
