using System.Diagnostics;
using Translate.Core.Cleanup;
using Translate.Core.Inference;
using Translate.Core.Summarization;
using Translate.Core.Text;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Processing;

/// <summary>
/// The loaded models, created once and shared: the language identifier, the MiniLM sentence encoder, and the
/// cleanup and summarization built on them. Loading is slow (seconds); it happens once, before serving.
/// </summary>
public sealed class TranslateRuntime : IDisposable
{
    private TranslateRuntime(ProcessingOptions options, LanguageIdentifier languages, SentenceEncoder encoder, IReadOnlyList<ModelStatus> models)
    {
        Options = options;
        Languages = languages;
        Encoder = encoder;
        Models = models;
        Cleanup = new CleanupPipeline(
            [new UntranslatedSegmentStep(options.Untranslated), new GluedWordStep(), new MissingSpaceAfterStopStep()],
            languages);
        Summarizer = new ExtractiveSummarizer(encoder, options.Extractive);
    }

    public ProcessingOptions Options { get; }

    public LanguageIdentifier Languages { get; }

    public SentenceEncoder Encoder { get; }

    public CleanupPipeline Cleanup { get; }

    public ExtractiveSummarizer Summarizer { get; }

    public IReadOnlyList<ModelStatus> Models { get; }

    /// <summary>Loads every model and runs each once so the first request does not pay for it.</summary>
    public static TranslateRuntime Load(ProcessingOptions options)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var languages = new LanguageIdentifier(options.LanguageIdentification);
        languages.Identify("Warm-up sentence for the language identifier.");
        var languagesTime = clock.Elapsed;

        var (model, vocabulary) = EmbeddedMiniLm.Load(options.MiniLmPath);
        using var vocabularyStream = new MemoryStream(vocabulary);
        var tokenizer = WordPieceTokenizer.Create(vocabularyStream);
        var encoder = new SentenceEncoder(model, tokenizer, options.OnnxRuntime, options.Embeddings);
        // Warm up with the shapes requests bring: a batch of short sentences and one full window.
        encoder.Embed(["A short sentence.", "Another short sentence to warm up the session.", string.Join(' ', Enumerable.Repeat("word", options.Embeddings.MaxTokens))]);
        var encoderTime = clock.Elapsed - languagesTime;

        ModelStatus[] models =
        [
            new("lingua", "language-id", "SearchPioneer.Lingua 2.0.0", true,
                $"{languages.Languages.Count} languages ({string.Join(", ", languages.Languages)}); loaded in {languagesTime.TotalSeconds:0.0} s"),
            new(EmbeddedMiniLm.Name, "embed", EmbeddedMiniLm.Source, true,
                $"all-MiniLM-L6-v2, {encoder.Dimension} dimensions, window {options.Embeddings.MaxTokens} tokens; ONNX Runtime {options.OnnxRuntime}; loaded in {encoderTime.TotalSeconds:0.0} s"),
        ];
        return new TranslateRuntime(options, languages, encoder, models);
    }

    public void Dispose() => Encoder.Dispose();
}
