using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Translate.Core.Inference.Generation.Internal;
using Translate.Core.Tokenization;

namespace Translate.Core.Inference.Generation;

/// <summary>Which decoder files of an export to run.</summary>
public enum DecoderFiles
{
    /// <summary>The merged decoder when the folder has it, else the pair.</summary>
    Auto,

    /// <summary>onnx/decoder_model_merged.onnx (one file, the cache branch chosen by use_cache_branch).</summary>
    Merged,

    /// <summary>onnx/decoder_model.onnx for the first step, onnx/decoder_with_past_model.onnx for the next ones.</summary>
    Split,
}

/// <summary>
/// An encoder-decoder model (Marian, BART, T5) in the folder layout Hugging Face Optimum exports: config.json,
/// generation_config.json and onnx/encoder_model.onnx with onnx/decoder_model_merged.onnx or the pair
/// onnx/decoder_model.onnx + onnx/decoder_with_past_model.onnx. One ONNX Runtime session per file, made once.
/// <see cref="Generate"/> runs one batch synchronously; each call has its own state, so calls may overlap, but the
/// service reaches it through <see cref="Seq2SeqGenerator"/>, whose batcher runs one batch at a time.
/// </summary>
public sealed class Seq2SeqModel : IDisposable
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";
    public const string EncoderFile = "onnx/encoder_model.onnx";
    public const string MergedDecoderFile = "onnx/decoder_model_merged.onnx";
    public const string DecoderFile = "onnx/decoder_model.onnx";
    public const string DecoderWithPastFile = "onnx/decoder_with_past_model.onnx";

    private readonly InferenceSession _encoder;
    private readonly DecoderSessions _decoder;
    // What an encoder run costs beyond its positions, in positions (EncoderRuns): reading the weights and starting the
    // run. On the real-size Marian encoder under load, a run took about 10 ms + 0.25 ms a position (docs/BENCHMARKS.md,
    // "Continuous against static batching").
    private const int EncoderRunCost = 40;
    private readonly TensorBufferPool _buffers = new();
    private long _decodedRows;

    private Seq2SeqModel(string directory, Seq2SeqArchitecture architecture, GenerationSettings settings, int encoderPadId, InferenceSession encoder, DecoderSessions decoder)
    {
        Directory = directory;
        Architecture = architecture;
        Settings = settings;
        EncoderPadId = encoderPadId;
        _encoder = encoder;
        _decoder = decoder;
    }

    public string Directory { get; }

    public Seq2SeqArchitecture Architecture { get; }

    /// <summary>The model's own generation settings (generation_config.json).</summary>
    public GenerationSettings Settings { get; }

    /// <summary>The decoder files in use.</summary>
    public DecoderFiles Decoder => _decoder.IsMerged ? DecoderFiles.Merged : DecoderFiles.Split;

    /// <summary>The id input rows are padded with in a batch (config.json's pad_token_id), under attention mask 0.</summary>
    public int EncoderPadId { get; }

    /// <summary>Loads a model folder; every missing file or ONNX input is named in the error.</summary>
    /// <exception cref="FileNotFoundException">config.json, the encoder or the decoder files are missing.</exception>
    /// <exception cref="InvalidDataException">A file is not what an Optimum export of a supported family holds.</exception>
    public static Seq2SeqModel Load(string directory, OnnxRuntimeOptions runtime, DecoderFiles decoder = DecoderFiles.Auto)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The model folder '{directory}' does not exist.");
        }
        var config = ReadJson(configPath) ?? throw new FileNotFoundException($"The model folder '{directory}' has no {ConfigFile}.", configPath);
        var generationConfig = ReadJson(Path.Combine(directory, GenerationConfigFile));
        var architecture = Seq2SeqArchitecture.FromJson(config);
        GenerationSettings settings;
        try
        {
            settings = GenerationSettings.FromJson(generationConfig, config);
            settings.Validate(architecture.VocabularySize);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{Path.Combine(directory, generationConfig is null ? ConfigFile : GenerationConfigFile)}: {exception.Message}", exception);
        }
        var encoderPadId = config.TryGetProperty("pad_token_id", out var pad) && pad.ValueKind == JsonValueKind.Number ? pad.GetInt32() : settings.PadTokenId;

        var encoderPath = Require(directory, EncoderFile);
        var files = ChooseDecoder(directory, decoder);
        using var options = runtime.ToSessionOptions();
        var sessions = new List<IDisposable>();
        try
        {
            var encoder = Track(new InferenceSession(encoderPath, options));
            CheckEncoder(encoder);
            DecoderSessions decoderSessions;
            if (files == DecoderFiles.Merged)
            {
                decoderSessions = DecoderSessions.Merged(Track(new InferenceSession(Path.Combine(directory, MergedDecoderFile), options)), MergedDecoderFile, architecture);
            }
            else
            {
                var noPast = Track(new InferenceSession(Path.Combine(directory, DecoderFile), options));
                var withPast = Track(new InferenceSession(Path.Combine(directory, DecoderWithPastFile), options));
                decoderSessions = DecoderSessions.Split(noPast, DecoderFile, withPast, DecoderWithPastFile, architecture);
            }
            return new Seq2SeqModel(directory, architecture, settings, encoderPadId, encoder, decoderSessions);
        }
        catch (OnnxRuntimeException exception)
        {
            DisposeAll();
            throw new InvalidDataException($"ONNX Runtime cannot load the model in '{directory}': {exception.Message}", exception);
        }
        catch
        {
            DisposeAll();
            throw;
        }

        void DisposeAll()
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }

        InferenceSession Track(InferenceSession session)
        {
            sessions.Add(session);
            return session;
        }
    }

    /// <summary>
    /// Generates for one batch of inputs (token ids, special tokens included, as the tokenizer gives them): each
    /// result is the decoder sequence transformers' generate() returns for the input alone (decoder start token
    /// first, end of sequence included when generated), whatever the other rows of the batch.
    /// </summary>
    /// <param name="cancellationToken">Checked before every decoder step: generation stops at the next step once it is cancelled.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled before generation ended.</exception>
    public GeneratedSequence[] Generate(IReadOnlyList<int[]> inputs, GenerationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= Settings;
        CheckSettings(settings);
        if (inputs.Count == 0)
        {
            return [];
        }
        foreach (var input in inputs)
        {
            CheckInput(input);
        }
        try
        {
            return settings.NumBeams == 1 ? GreedySearch.Run(this, inputs, settings, cancellationToken) : BeamSearch.Run(this, inputs, settings, cancellationToken);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelRunException($"The model in '{Directory}' failed to run: {exception.Message}", exception);
        }
    }

    /// <summary>Checks the settings against this model; the error names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range for this model.</exception>
    public void CheckSettings(GenerationSettings settings)
    {
        settings.Validate(Architecture.VocabularySize);
        // The last generated token is never fed back, so the decoder sees positions 0 to max_length - 2.
        if (Architecture.MaxPositions is { } positions && settings.EffectiveMaxLength - 1 > positions)
        {
            throw new ArgumentOutOfRangeException(settings.MaxNewTokens is null ? "max_length" : "max_new_tokens", settings.MaxNewTokens ?? settings.MaxLength,
                $"The output may be at most {positions + 1} tokens long (max_position_embeddings {positions}), start token included.");
        }
    }

    /// <summary>Checks one input (token ids, special tokens included) against this model.</summary>
    /// <exception cref="ArgumentException">The input is empty, too long, or holds an id outside the vocabulary.</exception>
    public void CheckInput(IReadOnlyList<int> inputIds)
    {
        if (inputIds.Count == 0)
        {
            throw new ArgumentException("An input has no tokens; the encoder needs at least one (the end-of-sequence id).", nameof(inputIds));
        }
        if (Architecture.MaxPositions is { } positions && inputIds.Count > positions)
        {
            throw new ArgumentException(
                $"An input of {inputIds.Count} tokens is longer than the model's window of {positions} (max_position_embeddings); split it into shorter windows.", nameof(inputIds));
        }
        foreach (var id in inputIds)
        {
            if ((uint)id >= (uint)Architecture.VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(inputIds), id, $"Token id {id} is outside the model's vocabulary (0 to {Architecture.VocabularySize - 1}).");
            }
        }
    }

    internal DecoderSessions DecoderSessions => _decoder;

    /// <summary>Decoder rows run so far, summed over steps: the decoding work done (finished rows no longer count).</summary>
    internal long DecodedRows => Interlocked.Read(ref _decodedRows);

    internal void CountDecodedRows(int rows) => Interlocked.Add(ref _decodedRows, rows);

    /// <summary>
    /// Runs the encoder on the inputs, right-padded with <see cref="EncoderPadId"/> under attention mask 0. Inputs of
    /// very different lengths run in several encoder runs of similar lengths (<see cref="EncoderRuns"/>), each padded
    /// only to its own longest, and their outputs are laid into one tensor padded to the longest of all: a batch of a
    /// 5-token and a 70-token sentence otherwise encodes 140 positions for 75. The decoder sees the same tensors either way.
    /// </summary>
    internal DecoderState Encode(IReadOnlyList<int[]> inputs)
    {
        var rows = inputs.Count;
        var width = inputs.Max(input => input.Length);
        // Not pooled: the mask stays with the decoder state for every step.
        var mask = new long[rows * width];
        var ids = new long[rows * width];
        TokenBatch.Pad([.. inputs], width, EncoderPadId, ids, mask);
        var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows, width]);
        var runs = EncoderRuns(inputs);
        try
        {
            if (runs.Count == 1)
            {
                using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, width]);
                var outputs = RunEncoder(idsValue, maskValue);
                return new DecoderState(outputs[0], maskValue, rows, new DisposableGroup(outputs, maskValue), _buffers);
            }
            var hidden = _buffers.Rent(TensorElementType.Float, [rows, width, Architecture.HiddenSize], (long)rows * width * Architecture.HiddenSize * sizeof(float));
            try
            {
                var target = hidden.Value.GetTensorMutableDataAsSpan<float>();
                target.Clear();
                foreach (var run in runs)
                {
                    var runWidth = run.Max(row => inputs[row].Length);
                    var runIds = new long[run.Length * runWidth];
                    var runMask = new long[run.Length * runWidth];
                    TokenBatch.Pad([.. run.Select(row => inputs[row])], runWidth, EncoderPadId, runIds, runMask);
                    using var runIdsValue = OrtValue.CreateTensorValueFromMemory(runIds, [run.Length, runWidth]);
                    using var runMaskValue = OrtValue.CreateTensorValueFromMemory(runMask, [run.Length, runWidth]);
                    using var outputs = RunEncoder(runIdsValue, runMaskValue);
                    var source = outputs[0].GetTensorDataAsSpan<float>();
                    var rowFloats = runWidth * Architecture.HiddenSize;
                    for (var k = 0; k < run.Length; k++)
                    {
                        source.Slice(k * rowFloats, rowFloats).CopyTo(target.Slice(run[k] * width * Architecture.HiddenSize, rowFloats));
                    }
                }
                return new DecoderState(hidden.Value, maskValue, rows, new DisposableGroup(hidden, maskValue), _buffers);
            }
            catch
            {
                hidden.Dispose();
                throw;
            }
        }
        catch
        {
            maskValue.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The inputs split into encoder runs, by length (longest first), so as to encode the fewest positions with a
    /// run costing <see cref="EncoderRunCost"/> positions more: an exact split of the sorted lengths (quadratic in
    /// the rows of a batch, at most a few dozen). Each run lists input numbers.
    /// </summary>
    internal static List<int[]> EncoderRuns(IReadOnlyList<int[]> inputs)
    {
        var order = Enumerable.Range(0, inputs.Count).OrderByDescending(row => inputs[row].Length).ToArray();
        var n = order.Length;
        // best[i]: least cost of encoding order[i..]; cut[i]: where the run that starts at i ends.
        var best = new long[n + 1];
        var cut = new int[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            best[i] = long.MaxValue;
            var runWidth = inputs[order[i]].Length;
            for (var end = i + 1; end <= n; end++)
            {
                var cost = ((long)(end - i) * runWidth) + EncoderRunCost + best[end];
                if (cost < best[i])
                {
                    best[i] = cost;
                    cut[i] = end;
                }
            }
        }
        var runs = new List<int[]>();
        for (var i = 0; i < n; i = cut[i])
        {
            runs.Add(order[i..cut[i]]);
        }
        return runs;
    }

    private IDisposableReadOnlyCollection<OrtValue> RunEncoder(OrtValue ids, OrtValue mask)
    {
        using var runOptions = new RunOptions();
        return _encoder.Run(runOptions, ["input_ids", "attention_mask"], [ids, mask], ["last_hidden_state"]);
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
        _buffers.Dispose();
    }

    private static DecoderFiles ChooseDecoder(string directory, DecoderFiles wanted)
    {
        bool Has(string file) => File.Exists(Path.Combine(directory, file));
        switch (wanted)
        {
            case DecoderFiles.Merged:
                Require(directory, MergedDecoderFile);
                return DecoderFiles.Merged;
            case DecoderFiles.Split:
                Require(directory, DecoderFile);
                Require(directory, DecoderWithPastFile);
                return DecoderFiles.Split;
            default:
                if (Has(MergedDecoderFile))
                {
                    return DecoderFiles.Merged;
                }
                if (Has(DecoderFile) && Has(DecoderWithPastFile))
                {
                    return DecoderFiles.Split;
                }
                var missing = new[] { DecoderFile, DecoderWithPastFile }.Where(file => !Has(file));
                throw new FileNotFoundException(
                    $"The model folder '{directory}' has no decoder: it needs {MergedDecoderFile}, or {DecoderFile} with {DecoderWithPastFile} " +
                    $"(missing: {MergedDecoderFile}, {string.Join(", ", missing)}).", Path.Combine(directory, MergedDecoderFile));
        }
    }

    private static string Require(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model folder '{directory}' has no {file}.", path);
        }
        return path;
    }

    private static void CheckEncoder(InferenceSession encoder)
    {
        foreach (var input in (string[])["input_ids", "attention_mask"])
        {
            if (!encoder.InputMetadata.ContainsKey(input))
            {
                throw new InvalidDataException($"{EncoderFile} has no input '{input}'; its inputs are {string.Join(", ", encoder.InputMetadata.Keys)}.");
            }
        }
        if (encoder.InputMetadata.Count != 2)
        {
            throw new InvalidDataException($"{EncoderFile} has inputs this engine does not feed: {string.Join(", ", encoder.InputMetadata.Keys.Except(["input_ids", "attention_mask"]))}.");
        }
        if (!encoder.OutputMetadata.ContainsKey("last_hidden_state"))
        {
            throw new InvalidDataException($"{EncoderFile} has no output 'last_hidden_state'; its outputs are {string.Join(", ", encoder.OutputMetadata.Keys)}.");
        }
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {exception.Message}", exception);
        }
    }
}

/// <summary>One output: the full decoder sequence (start token first), and for beam search its length-normalised score.</summary>
public sealed record GeneratedSequence(int[] Ids, double? Score = null);
