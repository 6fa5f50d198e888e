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
internal sealed record Reference(JsonElement GreedySettings, JsonElement BeamSettings, IReadOnlyList<ReferenceCase> Cases, IReadOnlyList<ReferenceBatch> Batches)
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
        var settings = root.GetProperty("settings");
        return new Reference(settings.GetProperty("greedy"), settings.GetProperty("beam"), cases, batches);
    }

    /// <summary>The reference run's max_new_tokens (the test's own; the models' configs allow longer).</summary>
    public int MaxNewTokens => GreedySettings.GetProperty("max_new_tokens").GetInt32();

    private static int[] Ids(JsonElement array) => array.EnumerateArray().Select(id => id.GetInt32()).ToArray();
}

internal sealed record ReferenceCase(string Text, int[] InputIds, int[] Greedy, int[] Beam, double BeamScore);

internal sealed record ReferenceBatch(int[] Indices, int[][] Greedy, int[][] Beam);
