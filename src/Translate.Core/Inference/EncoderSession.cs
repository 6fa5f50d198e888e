using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Translate.Core.Tokenization;

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
    // The input tensors' buffers, kept from one run to the next.
    private readonly TokenBatch _inputs = new();

    public EncoderSession(byte[] model, OnnxRuntimeOptions runtime, int paddingId)
    {
        using var sessionOptions = runtime.ToSessionOptions();
        try
        {
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load the encoder model: {exception.Message}", exception);
        }
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
        _inputs.Fill(rows, paddedLength, _paddingId);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputs.InputIds, _inputs.Shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputs.AttentionMask, _inputs.Shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputs.TokenTypeIds, _inputs.Shape);
        var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var values = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = RunSession(runOptions, names, values);
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

    private IDisposableReadOnlyCollection<OrtValue> RunSession(RunOptions runOptions, string[] names, OrtValue[] values)
    {
        try
        {
            return _session.Run(runOptions, names, values, [_outputName]);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelRunException($"The encoder failed to run: {exception.Message}", exception);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _inputs.Dispose();
    }
}
