namespace Translate.Core.Translation;

/// <summary>The Apertium fallback translator (configuration section "Processing:Apertium").</summary>
public sealed class ApertiumOptions
{
    /// <summary>Use Apertium when its Debian packages are installed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the language pairs' .mode files are.</summary>
    public string ModesDirectory { get; set; } = "/usr/share/apertium/modes";

    /// <summary>
    /// Each supported direction ("fr-en") and the Apertium modes that make it, in order: French to English goes
    /// through Spanish (apertium-fr-es, then apertium-eng-spa), the best rule-based path Debian packages.
    /// </summary>
    public IDictionary<string, string> Pipelines { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["fr-en"] = "fr-es,spa-eng",
        ["es-en"] = "spa-eng",
    };

    /// <summary>
    /// Pipelines started for each direction (lazily, as concurrent segments need them). Segments stream through a
    /// pipeline, its stages working on different segments at once; a second pipeline runs the stages' busiest one
    /// twice. Each costs Apertium's dictionaries in memory (about 30 MB for French to English).
    /// </summary>
    public int ProcessesPerDirection { get; set; } = 2;

    /// <summary>Longest wait for one segment before the pipeline is restarted and the segment left flagged.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
