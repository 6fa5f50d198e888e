using System.Text.Json;
using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Summarization;
using Translate.Core.Translation;

namespace Translate.Core.Hosting;

/// <summary>Where the seq2seq models are (configuration section "Processing:Models").</summary>
public sealed class Seq2SeqModelOptions
{
    /// <summary>The manifest naming the models (models/models.json); its folders are relative to the manifest's parent folder.</summary>
    public string Manifest { get; set; } = "models/models.json";

    /// <summary>Translation model folders by direction ("fr-en" = "/srv/models/opus-mt-fr-en"), besides the manifest's.</summary>
    public IDictionary<string, string> Translators { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A summarization model folder, besides the manifest's; it wins over the manifest's.</summary>
    public string? Summarizer { get; set; }

    /// <summary>A rewriting model folder (T5 / Flan-T5), besides the manifest's; it wins over the manifest's.</summary>
    public string? Rewriter { get; set; }
}

/// <summary>
/// The seq2seq models present on this machine: every model of the manifest whose folder holds its export, plus the
/// folders the configuration names. A model that is named but absent is reported with the command that fetches it;
/// the service runs without it (Apertium or the extractive summary stand in).
/// </summary>
public sealed class Seq2SeqModelCatalog : IAsyncDisposable, IDisposable
{
    private readonly List<Seq2SeqTextModel> _loaded = [];

    private Seq2SeqModelCatalog()
    {
    }

    /// <summary>Translators for the cleanup, ONNX models first.</summary>
    public IReadOnlyList<ITranslator> Translators { get; private set; } = [];

    /// <summary>The rewriting model, when one is present.</summary>
    public Seq2SeqTextModel? Rewriter { get; private set; }

    /// <summary>The abstractive summarizer, when a summarization model is present.</summary>
    public AbstractiveSummarizer? Summarizer { get; private set; }

    public IReadOnlyList<ModelStatus> Statuses { get; private set; } = [];

    public static Seq2SeqModelCatalog Load(Seq2SeqModelOptions options, OnnxRuntimeOptions runtime, BatchingOptions batching)
    {
        var catalog = new Seq2SeqModelCatalog();
        var statuses = new List<ModelStatus>();
        var translators = new List<ITranslator>();
        var entries = ReadManifest(options.Manifest);
        foreach (var (direction, folder) in options.Translators)
        {
            entries.Add(new Entry($"translate-{direction}", ModelTask.Translate, LanguagePair.Parse(direction, $"Processing:Models:Translators:{direction}"), folder, Fetch: null, Prefix: ""));
        }
        if (!string.IsNullOrEmpty(options.Summarizer))
        {
            entries.RemoveAll(e => e.Task == ModelTask.Summarize);
            entries.Add(new Entry("summarizer", ModelTask.Summarize, null, options.Summarizer, Fetch: null, Prefix: ""));
        }

        if (!string.IsNullOrEmpty(options.Rewriter))
        {
            entries.RemoveAll(e => e.Task == ModelTask.Rewrite);
            entries.Add(new Entry("rewriter", ModelTask.Rewrite, null, options.Rewriter, Fetch: null, Prefix: ""));
        }

        foreach (var entry in entries)
        {
            var task = entry.Direction is { } pair ? $"translate {pair.Source}->{pair.Target}" : entry.Task.Name();
            if (!File.Exists(Path.Combine(entry.Folder, Seq2SeqModel.ConfigFile)))
            {
                statuses.Add(new ModelStatus(entry.Name, task, entry.Folder, false,
                    entry.Fetch is null ? $"not found: {entry.Folder} has no {Seq2SeqModel.ConfigFile}" : $"not downloaded: run models/fetch {entry.Fetch} on a machine with internet"));
                continue;
            }
            var model = Seq2SeqTextModel.Load(entry.Name, entry.Folder, runtime, batching);
            catalog._loaded.Add(model);
            model.Generator.WarmUp();
            if (entry.Task == ModelTask.Translate && entry.Direction is { } direction)
            {
                translators.Add(new Seq2SeqTranslator(model, direction));
            }
            else if (entry.Task == ModelTask.Summarize && catalog.Summarizer is null)
            {
                catalog.Summarizer = new AbstractiveSummarizer(model, entry.Prefix);
            }
            else if (entry.Task == ModelTask.Rewrite)
            {
                catalog.Rewriter ??= model;
            }
            statuses.Add(new ModelStatus(entry.Name, task, entry.Folder, true,
                $"{model.Family.Name()}, window {model.MaxInputTokens} tokens, {model.Generator.Model.Decoder} decoder, {model.Generator.Model.Settings.NumBeams} beams"));
        }
        catalog.Translators = translators;
        catalog.Statuses = statuses;
        return catalog;
    }

    /// <param name="Direction">A translator's direction; null for the other tasks.</param>
    private sealed record Entry(string Name, ModelTask Task, LanguagePair? Direction, string Folder, string? Fetch, string Prefix);

    private static List<Entry> ReadManifest(string manifest)
    {
        var entries = new List<Entry>();
        if (!File.Exists(manifest))
        {
            return entries;
        }
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(manifest))) ?? ".";
        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        foreach (var model in document.RootElement.GetProperty("models").EnumerateArray())
        {
            var name = model.GetProperty("name").GetString()!;
            var taskName = model.GetProperty("task").GetString()!;
            if (!ModelTasks.TryParse(taskName, out var task))
            {
                throw new InvalidDataException($"{manifest}: model '{name}' has task '{taskName}'; known tasks are translate, summarize, rewrite and embed.");
            }
            if (task == ModelTask.Embed)
            {
                continue; // embedding models come from elsewhere (the embedded MiniLM)
            }
            var familyName = model.GetProperty("family").GetString()!;
            if (!ModelFamilies.ByName.TryGetValue(familyName, out var family))
            {
                throw new InvalidDataException($"{manifest}: model '{name}' has family '{familyName}'; supported are {string.Join(", ", ModelFamilies.ByName.Keys)}.");
            }
            var folder = Path.Combine(root, model.GetProperty("folder").GetString()!);
            var direction = task == ModelTask.Translate
                ? LanguagePair.Parse($"{Text(model, "source_language")}-{Text(model, "target_language")}", $"{manifest}: model '{name}' source_language and target_language")
                : (LanguagePair?)null;
            entries.Add(new Entry(name, task, direction, folder, name,
                Text(model, "prefix") ?? (family == ModelFamily.T5 && task == ModelTask.Summarize ? "summarize: " : "")));
        }
        return entries;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var model in _loaded)
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var model in _loaded)
        {
            model.Dispose();
        }
    }
}
