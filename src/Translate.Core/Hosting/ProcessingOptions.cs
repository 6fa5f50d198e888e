using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Summarization;
using Translate.Core.Translation;

namespace Translate.Core.Hosting;

/// <summary>Everything configurable about processing (configuration root of the service and the CLI).</summary>
public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>Longest accepted text, in code points; longer documents are refused with a clear error.</summary>
    public int MaxTextCodePoints { get; set; } = 2_000_000;

    /// <summary>Edits under this confidence are suggested, not applied, unless a request says otherwise.</summary>
    public double DefaultMinConfidence { get; set; } = 0.5;

    /// <summary>
    /// Longest one document may take, from its start to its answer; past it the work stops and the caller is told
    /// (RESOURCE_EXHAUSTED). Generous: a 2,000,000-code-point document of the costliest shape takes well under it.
    /// </summary>
    public int MaxProcessingSeconds { get; set; } = 120;

    /// <summary>
    /// Documents processed at once; more wait their turn. One a core: cleanup and language identification are CPU
    /// work, so more at once only makes each slower (measured: at four a core, accepted calls under overload took
    /// the wait budget plus three times the unloaded time; docs/BENCHMARKS.md, "Overload").
    /// </summary>
    public int MaxConcurrentDocuments { get; set; } = Environment.ProcessorCount;

    /// <summary>Longest a document may wait for its turn; one that would wait longer is refused at once (RESOURCE_EXHAUSTED, with a retry hint).</summary>
    public int MaxQueueMilliseconds { get; set; } = 2_000;

    /// <summary>Where the MiniLM package DLL is; empty for next to the program.</summary>
    public string? MiniLmPath { get; set; }

    public OnnxRuntimeOptions OnnxRuntime { get; set; } = new();

    public SentenceEncoderOptions Embeddings { get; set; } = new();

    /// <summary>
    /// How concurrent model requests share runs; Batching:MaxBatchRows = 1 turns batching off. Read from the
    /// top-level "Batching" section (it applies to every model), not from under "Processing".
    /// </summary>
    public BatchingOptions Batching { get; set; } = new();

    public LanguageIdentifierOptions LanguageIdentification { get; set; } = new();

    public UntranslatedSegmentOptions Untranslated { get; set; } = new();

    public ApertiumOptions Apertium { get; set; } = new();

    public RewriteOptions Rewrite { get; set; } = new();

    /// <summary>The seq2seq models (translation, summarization, rewriting) to load when present.</summary>
    public Seq2SeqModelOptions Models { get; set; } = new();

    public ExtractiveSummarizerOptions Extractive { get; set; } = new();
}
