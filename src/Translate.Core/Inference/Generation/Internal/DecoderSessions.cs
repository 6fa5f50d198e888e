using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// The decoder of an Optimum export, either as one merged file (an If on <c>use_cache_branch</c>) or as the pair
/// decoder_model (no past) + decoder_with_past_model. Both give the same two operations: a run without past (the
/// first step, or a whole prefix when the cache is off) and a run of one new token on top of the cache.
/// </summary>
internal sealed class DecoderSessions : IDisposable
{
    private const string Logits = "logits";
    private const string SelfMask = "decoder_attention_mask";
    private const string PositionIds = "decoder_position_ids";
    private readonly InferenceSession? _merged;
    private readonly InferenceSession? _noPast;
    private readonly InferenceSession? _withPast;
    private readonly int _layers;
    private readonly long _heads;
    private readonly long _headSize;
    // Per layer: decoder.key, decoder.value, encoder.key, encoder.value (Optimum's order).
    private readonly string[] _pastNames;
    private readonly string[] _allPresents;
    private readonly string[] _selfPresents;

    private DecoderSessions(InferenceSession? merged, InferenceSession? noPast, InferenceSession? withPast, Seq2SeqArchitecture architecture)
    {
        _merged = merged;
        _noPast = noPast;
        _withPast = withPast;
        _layers = architecture.DecoderLayers;
        _heads = architecture.Heads;
        _headSize = architecture.HeadSize;
        string[] kinds = ["decoder.key", "decoder.value", "encoder.key", "encoder.value"];
        _pastNames = Enumerable.Range(0, _layers).SelectMany(i => kinds.Select(kind => $"past_key_values.{i}.{kind}")).ToArray();
        _allPresents = [Logits, .. Enumerable.Range(0, _layers).SelectMany(i => kinds.Select(kind => $"present.{i}.{kind}"))];
        _selfPresents = [Logits, .. Enumerable.Range(0, _layers).SelectMany(i => kinds[..2].Select(kind => $"present.{i}.{kind}"))];
    }

    public bool IsMerged => _merged is not null;

    /// <summary>
    /// The with-past decoder takes <c>decoder_attention_mask</c> [batch, past + 1] (and, for absolute positions,
    /// <c>decoder_position_ids</c> [batch, 1]): rows of different past lengths, left-padded, share a run
    /// (<see cref="DecoderState.Append"/>). Optimum's exports do not; models/realsize/build.py --masked-decoder makes one.
    /// </summary>
    public bool TakesSelfMask { get; private set; }

    private bool _takesPositionIds;

    /// <summary>
    /// Runs through an <see cref="OrtIoBinding"/> (inputs bound as they are, outputs bound to ONNX Runtime's CPU
    /// allocator) rather than Run with names: 1.03-1.05x tokens a CPU-second on the real-size Marian (docs/BENCHMARKS.md).
    /// The outputs, the next step's cache, are ONNX Runtime's own buffers either way: neither path copies the cache.
    /// </summary>
    public bool UseIoBinding { get; set; } = true;

    public static DecoderSessions Merged(InferenceSession merged, string file, Seq2SeqArchitecture architecture)
    {
        var sessions = new DecoderSessions(merged, null, null, architecture);
        Require(merged, file, ["input_ids", "encoder_attention_mask", "encoder_hidden_states", "use_cache_branch", .. sessions._pastNames], sessions._allPresents);
        sessions.CheckShapes(merged, file, architecture);
        return sessions;
    }

    public static DecoderSessions Split(InferenceSession noPast, string noPastFile, InferenceSession withPast, string withPastFile, Seq2SeqArchitecture architecture)
    {
        var sessions = new DecoderSessions(null, noPast, withPast, architecture);
        Require(noPast, noPastFile, ["input_ids", "encoder_attention_mask", "encoder_hidden_states"], sessions._allPresents);
        sessions.TakesSelfMask = withPast.InputMetadata.ContainsKey(SelfMask);
        sessions._takesPositionIds = withPast.InputMetadata.ContainsKey(PositionIds);
        if (sessions._takesPositionIds && !sessions.TakesSelfMask)
        {
            throw new InvalidDataException($"{withPastFile} takes '{PositionIds}' but no '{SelfMask}': position ids serve only rows padded under a mask.");
        }
        if (sessions.TakesSelfMask && !sessions._takesPositionIds && architecture.Family != ModelFamily.T5)
        {
            // Absolute positions (Marian, BART) of a padded row are its own past length, not the padded one.
            throw new InvalidDataException($"{withPastFile} takes '{SelfMask}' but no '{PositionIds}', which a {architecture.Family} decoder " +
                "needs for rows padded to a longer past (its positions are absolute).");
        }
        string[] optional = [.. sessions.TakesSelfMask ? [SelfMask] : Array.Empty<string>(), .. sessions._takesPositionIds ? [PositionIds] : Array.Empty<string>()];
        Require(withPast, withPastFile, ["input_ids", "encoder_attention_mask", .. optional, .. sessions._pastNames], sessions._selfPresents);
        sessions.CheckShapes(noPast, noPastFile, architecture);
        sessions.CheckShapes(withPast, withPastFile, architecture);
        return sessions;
    }

    /// <summary>
    /// The decoder on <paramref name="inputIds"/> [rows, length] with no past. Outputs: logits, then, with
    /// <paramref name="presents"/>, every layer's present decoder key/value and encoder key/value.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> RunWithoutPast(OrtValue inputIds, DecoderState state, bool presents)
    {
        var outputs = presents ? _allPresents : [Logits];
        using var runOptions = new RunOptions();
        if (_merged is null)
        {
            return Run(_noPast!, runOptions, ["input_ids", "encoder_attention_mask", "encoder_hidden_states"], [inputIds, state.Mask, state.Hidden], outputs);
        }
        // The no-past branch reads none of the past inputs, but the graph declares them: sequence length 0, as Optimum feeds them.
        using var empty = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, [state.Rows, _heads, 0, _headSize]);
        using var branch = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
        var names = new string[4 + _pastNames.Length];
        var values = new OrtValue[names.Length];
        FillCommon(names, values, inputIds, state, branch);
        for (var i = 0; i < _pastNames.Length; i++)
        {
            names[4 + i] = _pastNames[i];
            values[4 + i] = empty;
        }
        return Run(_merged, runOptions, names, values, outputs);
    }

    /// <summary>The decoder on one new token a row on top of the cache. Outputs: logits, then every layer's present decoder key/value.</summary>
    public IDisposableReadOnlyCollection<OrtValue> RunWithPast(OrtValue inputIds, DecoderState state)
    {
        var self = state.Self ?? throw new InvalidOperationException("The decoder cache is empty: run a step without past first.");
        var cross = state.Cross!;
        var offset = _merged is not null ? 4 : 2 + (TakesSelfMask ? 1 : 0) + (_takesPositionIds ? 1 : 0);
        var names = new string[offset + _pastNames.Length];
        var values = new OrtValue[names.Length];
        using var branch = _merged is null ? null : OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);
        using var selfMask = TakesSelfMask ? SelfMaskOf(state) : null;
        using var positions = _takesPositionIds ? PositionIdsOf(state) : null;
        if (branch is null)
        {
            names[0] = "input_ids";
            names[1] = "encoder_attention_mask";
            values[0] = inputIds;
            values[1] = state.Mask;
            if (selfMask is not null)
            {
                names[2] = SelfMask;
                values[2] = selfMask;
            }
            if (positions is not null)
            {
                names[3] = PositionIds;
                values[3] = positions;
            }
        }
        else
        {
            // The merged graph declares encoder_hidden_states on both branches; the cache branch does not read it.
            FillCommon(names, values, inputIds, state, branch);
        }
        for (var layer = 0; layer < _layers; layer++)
        {
            var at = offset + 4 * layer;
            names[at] = _pastNames[4 * layer];
            names[at + 1] = _pastNames[4 * layer + 1];
            names[at + 2] = _pastNames[4 * layer + 2];
            names[at + 3] = _pastNames[4 * layer + 3];
            values[at] = self[2 * layer];
            values[at + 1] = self[2 * layer + 1];
            values[at + 2] = cross[2 * layer];
            values[at + 3] = cross[2 * layer + 1];
        }
        using var runOptions = new RunOptions();
        // The merged cache branch also outputs encoder presents, as empty constants: not asked for, the cross cache stays.
        return Run(_merged ?? _withPast!, runOptions, names, values, _selfPresents);
    }

    /// <summary>Keeps the presents of a run with past (logits first, then per layer decoder key, value) as the self-attention cache.</summary>
    public void KeepSelfPresents(IDisposableReadOnlyCollection<OrtValue> outputs, DecoderState state)
    {
        var self = new OrtValue[2 * _layers];
        for (var i = 0; i < self.Length; i++)
        {
            self[i] = outputs[1 + i];
        }
        state.SetSelf(self, outputs);
    }

    /// <summary>Keeps the presents of a first run (logits first, then per layer decoder key, value, encoder key, value) as both caches.</summary>
    public void KeepAllPresents(IDisposableReadOnlyCollection<OrtValue> outputs, DecoderState state)
    {
        var self = new OrtValue[2 * _layers];
        var cross = new OrtValue[2 * _layers];
        for (var layer = 0; layer < _layers; layer++)
        {
            self[2 * layer] = outputs[1 + 4 * layer];
            self[2 * layer + 1] = outputs[2 + 4 * layer];
            cross[2 * layer] = outputs[3 + 4 * layer];
            cross[2 * layer + 1] = outputs[4 + 4 * layer];
        }
        state.SetSelf(self, outputs);
        state.SetCross(cross, outputs);
    }

    public void Dispose()
    {
        _merged?.Dispose();
        _noPast?.Dispose();
        _withPast?.Dispose();
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, RunOptions runOptions, string[] names, OrtValue[] values, string[] outputs)
    {
        if (!UseIoBinding)
        {
            return session.Run(runOptions, names, values, outputs);
        }
        using var binding = session.CreateIoBinding();
        for (var i = 0; i < names.Length; i++)
        {
            binding.BindInput(names[i], values[i]);
        }
        foreach (var output in outputs)
        {
            binding.BindOutputToDevice(output, OrtMemoryInfo.DefaultInstance);
        }
        return session.RunWithBoundResults(runOptions, binding);
    }

    /// <summary>[rows, padded past + 1]: 0 on a row's padding, 1 on its own positions and the new token.</summary>
    private static OrtValue SelfMaskOf(DecoderState state)
    {
        var width = state.PaddedPast + 1;
        var mask = new long[state.Rows * width];
        var past = state.PastLengths;
        for (var r = 0; r < state.Rows; r++)
        {
            mask.AsSpan((r * width) + state.PaddedPast - past[r], past[r] + 1).Fill(1);
        }
        return OrtValue.CreateTensorValueFromMemory(mask, [state.Rows, width]);
    }

    /// <summary>[rows, 1]: the new token's position in its own row, its past length.</summary>
    private static OrtValue PositionIdsOf(DecoderState state)
    {
        var positions = new long[state.Rows];
        var past = state.PastLengths;
        for (var r = 0; r < positions.Length; r++)
        {
            positions[r] = past[r];
        }
        return OrtValue.CreateTensorValueFromMemory(positions, [state.Rows, 1]);
    }

    private static void FillCommon(string[] names, OrtValue[] values, OrtValue inputIds, DecoderState state, OrtValue branch)
    {
        names[0] = "input_ids";
        names[1] = "encoder_attention_mask";
        names[2] = "encoder_hidden_states";
        names[3] = "use_cache_branch";
        values[0] = inputIds;
        values[1] = state.Mask;
        values[2] = state.Hidden;
        values[3] = branch;
    }

    /// <summary>Where the export fixes a dimension, it must be config.json's: heads and head size of the cache, the vocabulary of the logits.</summary>
    private void CheckShapes(InferenceSession session, string file, Seq2SeqArchitecture architecture)
    {
        foreach (var name in _allPresents.Skip(1).Where(session.OutputMetadata.ContainsKey))
        {
            var dimensions = session.OutputMetadata[name].Dimensions;
            if (dimensions.Length != 4 || (dimensions[1] > 0 && dimensions[1] != _heads) || (dimensions[3] > 0 && dimensions[3] != _headSize))
            {
                throw new InvalidDataException($"{file}: output '{name}' has shape [{string.Join(", ", dimensions)}]; config.json gives " +
                    $"{_heads} heads of size {_headSize} ([batch, {_heads}, length, {_headSize}]).");
            }
        }
        var logits = session.OutputMetadata[Logits].Dimensions;
        if (logits.Length != 3 || (logits[2] > 0 && logits[2] != architecture.VocabularySize))
        {
            throw new InvalidDataException($"{file}: output 'logits' has shape [{string.Join(", ", logits)}]; config.json gives a vocabulary of {architecture.VocabularySize}.");
        }
    }

    /// <summary>Checks that a decoder file has exactly the inputs we feed and the outputs we read; the error names what is missing.</summary>
    private static void Require(InferenceSession session, string file, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        var missingInputs = inputs.Where(name => !session.InputMetadata.ContainsKey(name)).ToArray();
        if (missingInputs.Length > 0)
        {
            throw new InvalidDataException($"{file} has no input {string.Join(", ", missingInputs.Select(name => $"'{name}'"))}; " +
                $"its inputs are {string.Join(", ", session.InputMetadata.Keys)}. Is it an Optimum export of the model config.json describes?");
        }
        var unknownInputs = session.InputMetadata.Keys.Where(name => !inputs.Contains(name)).ToArray();
        if (unknownInputs.Length > 0)
        {
            throw new InvalidDataException($"{file} has inputs this engine does not feed: {string.Join(", ", unknownInputs)}.");
        }
        var missingOutputs = outputs.Where(name => !session.OutputMetadata.ContainsKey(name)).ToArray();
        if (missingOutputs.Length > 0)
        {
            throw new InvalidDataException($"{file} has no output {string.Join(", ", missingOutputs.Select(name => $"'{name}'"))}; " +
                $"its outputs are {string.Join(", ", session.OutputMetadata.Keys)}.");
        }
    }
}
