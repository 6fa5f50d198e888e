namespace Translate.Core.Models;

/// <summary>What a model of the manifest (models/models.json, "task") is used for.</summary>
public enum ModelTask
{
    /// <summary>"translate": translates leftover text from its source language into its target language.</summary>
    Translate,

    /// <summary>"summarize": writes abstractive summaries.</summary>
    Summarize,

    /// <summary>"rewrite": suggests rewrites of sentences judged poor.</summary>
    Rewrite,

    /// <summary>"embed": sentence embeddings (the embedded MiniLM; not loaded from the manifest).</summary>
    Embed,
}

/// <summary>The manifest's names of <see cref="ModelTask"/>.</summary>
public static class ModelTasks
{
    public static bool TryParse(string name, out ModelTask task)
    {
        (var known, task) = name switch
        {
            "translate" => (true, ModelTask.Translate),
            "summarize" => (true, ModelTask.Summarize),
            "rewrite" => (true, ModelTask.Rewrite),
            "embed" => (true, ModelTask.Embed),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The manifest's name of a task ("summarize").</summary>
    public static string Name(this ModelTask task) => task switch
    {
        ModelTask.Translate => "translate",
        ModelTask.Summarize => "summarize",
        ModelTask.Rewrite => "rewrite",
        ModelTask.Embed => "embed",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };
}
