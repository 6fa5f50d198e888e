using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Translate.Core.Hosting;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// The hash of everything that decides a document's output: every processing setting (cleanup, summary, models,
/// limits), the models found, and translate's version. Settings that only decide how fast or how concurrently
/// documents run (Processing:MaxConcurrentDocuments and MaxQueueMilliseconds, Batching, OnnxRuntime) are left out,
/// so a rerun with another --parallelism reuses the ledger.
/// </summary>
internal static class SettingsHash
{
    private static readonly string[] Excluded = ["MaxConcurrentDocuments", "MaxQueueMilliseconds", "Batching", "OnnxRuntime", "MiniLmPath"];

    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    public static byte[] Of(TranslateRuntime runtime) =>
        Of(runtime.Options, runtime.Models.Select(m => $"{m.Name}|{m.Task}|{m.Source}|{m.Ready}"));

    internal static byte[] Of(ProcessingOptions options, IEnumerable<string> models)
    {
        var settings = JsonSerializer.SerializeToNode(options, Canonical)!.AsObject();
        foreach (var name in Excluded)
        {
            settings.Remove(name);
        }
        var version = typeof(TranslateRuntime).Assembly.GetName().Version?.ToString() ?? "";
        var whole = new JsonObject
        {
            ["settings"] = settings,
            ["models"] = new JsonArray([.. models.Select(m => JsonValue.Create(m))]),
            ["version"] = version,
        };
        return SHA256.HashData(Encoding.UTF8.GetBytes(whole.ToJsonString(Canonical)));
    }
}
