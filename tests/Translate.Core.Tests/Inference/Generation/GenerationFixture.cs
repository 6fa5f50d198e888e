using System.Collections.Concurrent;
using System.Text.Json;
using Translate.Core.Inference;
using Translate.Core.Inference.Generation;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>
/// The tiny Marian, BART and T5 exports in models/fixtures/ with the ids PyTorch generated for them (expected.json):
/// see models/fixtures/README.md. Loaded models are shared by the tests (sessions are safe to run concurrently).
/// </summary>
internal static class GenerationFixture
{
    private static readonly ConcurrentDictionary<(string Family, DecoderFiles Decoder), Lazy<Seq2SeqModel>> Models = new();
    private static readonly ConcurrentDictionary<string, Lazy<Reference>> References = new();

    public static string FixturesRoot { get; } = FindFixtures();

    public static string Folder(string family) => Path.Combine(FixturesRoot, family);

    public static OnnxRuntimeOptions Runtime => new() { IntraOpThreads = 1 };

    /// <summary>A shared, loaded model; never dispose it.</summary>
    public static Seq2SeqModel Model(string family, DecoderFiles decoder = DecoderFiles.Merged) =>
        Models.GetOrAdd((family, decoder), key => new Lazy<Seq2SeqModel>(() => Seq2SeqModel.Load(Folder(key.Family), Runtime, key.Decoder))).Value;

    /// <summary>
    /// The family's model with the masked decoder_with_past of models/fixtures/&lt;family&gt;/onnx-masked (self-attention
    /// mask and, for absolute positions, position ids: generate.py's export_masked_past) in place of Optimum's, and no
    /// merged decoder: a folder assembled once a run under the test's output folder. A shared model; never dispose it.
    /// </summary>
    public static Seq2SeqModel MaskedModel(string family) =>
        Models.GetOrAdd(($"{family}-masked", DecoderFiles.Split), _ => new Lazy<Seq2SeqModel>(() => Seq2SeqModel.Load(MaskedFolder(family), Runtime, DecoderFiles.Split))).Value;

    /// <summary>The folder <see cref="MaskedModel"/> loads (made on first use).</summary>
    public static string MaskedFolder(string family) => MaskedFolders.GetOrAdd(family, name => new Lazy<string>(() => AssembleMasked(name))).Value;

    private static readonly ConcurrentDictionary<string, Lazy<string>> MaskedFolders = new();

    private static string AssembleMasked(string family)
    {
        var source = Folder(family);
        var target = Path.Combine(AppContext.BaseDirectory, "masked-fixtures", family);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        Directory.CreateDirectory(Path.Combine(target, "onnx"));
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        File.Copy(Path.Combine(source, "onnx", "encoder_model.onnx"), Path.Combine(target, "onnx", "encoder_model.onnx"));
        File.Copy(Path.Combine(source, "onnx", "decoder_model.onnx"), Path.Combine(target, "onnx", "decoder_model.onnx"));
        File.Copy(Path.Combine(source, "onnx-masked", "decoder_with_past_model.onnx"), Path.Combine(target, "onnx", "decoder_with_past_model.onnx"));
        return target;
    }

    /// <summary>The family's config.json (what generation settings fall back to).</summary>
    public static JsonElement ModelConfig(string family)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(family), "config.json")));
        return document.RootElement.Clone();
    }

    public static Reference Expected(string family) =>
        References.GetOrAdd(family, name => new Lazy<Reference>(() => Reference.Load(Path.Combine(Folder(name), "expected.json")))).Value;

    private static string FindFixtures()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Translate.sln")))
        {
            directory = directory.Parent;
        }
        return directory is null
            ? throw new DirectoryNotFoundException($"No Translate.sln above {AppContext.BaseDirectory}: cannot find models/fixtures.")
            : Path.Combine(directory.FullName, "models", "fixtures");
    }
}

/// <summary>expected.json: the reference run's settings, each case's input and outputs, and the padded batches.</summary>
internal sealed record Reference(JsonElement GreedySettings, JsonElement BeamSettings, IReadOnlyList<ReferenceCase> Cases, IReadOnlyList<ReferenceBatch> Batches,
    IReadOnlyList<SettingsCase> SettingsCases)
{
    public static Reference Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement.Clone();
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(
            c.GetProperty("text").GetString()!, Ids(c.GetProperty("input_ids")), Ids(c.GetProperty("greedy")), Ids(c.GetProperty("beam")),
            c.GetProperty("beam_score").GetDouble())).ToArray();
        var batches = root.GetProperty("batches").EnumerateArray().Select(b => new ReferenceBatch(
            Ids(b.GetProperty("indices")), b.GetProperty("greedy").EnumerateArray().Select(Ids).ToArray(),
            b.GetProperty("beam").EnumerateArray().Select(Ids).ToArray())).ToArray();
        var settingsCases = root.GetProperty("settings_cases").EnumerateArray().Select(c => new SettingsCase(
            c.GetProperty("name").GetString()!, c.GetProperty("covers").EnumerateArray().Select(field => field.GetString()!).ToArray(),
            c.GetProperty("greedy_config"), c.GetProperty("beam_config"),
            c.GetProperty("inputs").EnumerateArray().Select(i => new SettingsCaseInput(
                Ids(i.GetProperty("input_ids")), Ids(i.GetProperty("greedy")), Ids(i.GetProperty("beam")), i.GetProperty("beam_score").GetDouble(),
                i.GetProperty("greedy_differs_from_base").GetBoolean(), i.GetProperty("beam_differs_from_base").GetBoolean(),
                i.TryGetProperty("beam_without_renormalize", out var plain) ? Ids(plain) : null)).ToArray())).ToArray();
        var settings = root.GetProperty("settings");
        return new Reference(settings.GetProperty("greedy"), settings.GetProperty("beam"), cases, batches, settingsCases);
    }

    /// <summary>The reference run's max_new_tokens (the test's own; the models' configs allow longer).</summary>
    public int MaxNewTokens => GreedySettings.GetProperty("max_new_tokens").GetInt32();

    private static int[] Ids(JsonElement array) => array.EnumerateArray().Select(id => id.GetInt32()).ToArray();
}

internal sealed record ReferenceCase(string Text, int[] InputIds, int[] Greedy, int[] Beam, double BeamScore);

internal sealed record ReferenceBatch(int[] Indices, int[][] Greedy, int[][] Beam);

/// <summary>
/// One settings case of expected.json: a generation_config (greedy: num_beams 1; beam: the case's beams) the reference
/// ran on a few inputs, with the fields of docs/GENERATION.md's table it exercises.
/// </summary>
internal sealed record SettingsCase(string Name, string[] Covers, JsonElement GreedyConfig, JsonElement BeamConfig, IReadOnlyList<SettingsCaseInput> Inputs);

/// <summary>The reference's ids for one input of a settings case, and whether they differ from the family's base settings.</summary>
internal sealed record SettingsCaseInput(int[] InputIds, int[] Greedy, int[] Beam, double BeamScore, bool GreedyDiffersFromBase, bool BeamDiffersFromBase,
    int[]? BeamWithoutRenormalize);
