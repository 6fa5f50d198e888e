using Translate.Core.Processing;
using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Summarization;
using Translate.Core.Text;
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

    /// <summary>Checks every setting; the error names the setting.</summary>
    public void Validate()
    {
        if (MaxTextCodePoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTextCodePoints), MaxTextCodePoints, "Processing:MaxTextCodePoints must be at least 1.");
        }
        if (DefaultMinConfidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMinConfidence), DefaultMinConfidence, "Processing:DefaultMinConfidence must be between 0 and 1.");
        }
        if (Embeddings.MaxTokens is < 3 or > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(Embeddings), Embeddings.MaxTokens, "Processing:Embeddings:MaxTokens must be between 3 and 512 (the model's position limit).");
        }
        Batching.Validate(BatchingOptions.Section);
        if (Batching.MaxBatchTokens < Embeddings.MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(Batching), Batching.MaxBatchTokens,
                $"Batching:MaxBatchTokens ({Batching.MaxBatchTokens}) must be at least Processing:Embeddings:MaxTokens ({Embeddings.MaxTokens}), so a full window fits one batch.");
        }
        if (Untranslated.MinimumConfidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Untranslated), Untranslated.MinimumConfidence, "Processing:Untranslated:MinimumConfidence must be between 0 and 1.");
        }
        if (Apertium.TimeoutSeconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Apertium), Apertium.TimeoutSeconds, "Processing:Apertium:TimeoutSeconds must be at least 1.");
        }
        if (Untranslated.MinimumOdds < 1 || Untranslated.TranslationConfidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Untranslated), "Processing:Untranslated:MinimumOdds must be at least 1 and TranslationConfidence between 0 and 1.");
        }
        if (Extractive.LeadHalfLife <= 0 || Extractive.CentralityWeight < 0 || Extractive.QuotePenalty < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Extractive), "Processing:Extractive: LeadHalfLife must be above 0, CentralityWeight and QuotePenalty 0 or more.");
        }
        if (Extractive.LengthExponent is < 0 or > 3 || Extractive.DuplicateSimilarity is <= 0 or > 1 || Extractive.SearchPool is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Extractive), "Processing:Extractive: LengthExponent must be in 0..3, DuplicateSimilarity in (0, 1], SearchPool in 1..16.");
        }
    }
}
