using System.Diagnostics;
using Translate.Core.Cleanup;
using Translate.Core.Inference;
using Translate.Core.Inference.Generation;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Core.Tokenization.WordPiece;
using Translate.Core.Translation;

namespace Translate.Core.Hosting;

/// <summary>
/// The loaded models, created once and shared: the language identifier, the MiniLM sentence encoder, and the
/// cleanup and summarization built on them. Loading is slow (seconds); it happens once, before serving.
/// </summary>
public sealed class TranslateRuntime : IAsyncDisposable, IDisposable
{
    private readonly ApertiumTranslator? _apertium;
    private readonly Seq2SeqModelCatalog _seq2seq;

    private TranslateRuntime(ProcessingOptions options, LanguageIdentifier languages, SentenceEncoder encoder, ApertiumTranslator? apertium, Seq2SeqModelCatalog seq2seq, IReadOnlyList<ModelStatus> models)
    {
        Options = options;
        Languages = languages;
        Encoder = encoder;
        Models = models;
        _apertium = apertium;
        _seq2seq = seq2seq;
        // ONNX translation models first; Apertium covers the directions they do not.
        ITranslator[] translators = apertium is null ? [.. seq2seq.Translators] : [.. seq2seq.Translators, apertium];
        Cleanup = new CleanupPipeline(CleanupPipeline.StandardSteps(options.Untranslated, translators, seq2seq.Rewriter, options.Rewrite), languages);
        Summarizer = new ExtractiveSummarizer(encoder, options.Extractive);
        AbstractiveSummarizer = seq2seq.Summarizer;
        Processor = new DocumentProcessor(languages, Cleanup, Summarizer, AbstractiveSummarizer,
            new DocumentLimits(options.MaxTextCodePoints, options.DefaultMinConfidence, TimeSpan.FromSeconds(options.MaxProcessingSeconds)),
            new DocumentAdmission(options.MaxConcurrentDocuments, TimeSpan.FromMilliseconds(options.MaxQueueMilliseconds)));
    }

    public ProcessingOptions Options { get; }

    public LanguageIdentifier Languages { get; }

    public SentenceEncoder Encoder { get; }

    public CleanupPipeline Cleanup { get; }

    public ExtractiveSummarizer Summarizer { get; }

    /// <summary>The abstractive summarizer, when a summarization model is present; summaries then use it.</summary>
    public AbstractiveSummarizer? AbstractiveSummarizer { get; }

    public IReadOnlyList<ModelStatus> Models { get; }

    /// <summary>Documents through cleanup and summarization with these models.</summary>
    public DocumentProcessor Processor { get; }

    /// <summary>Loads every model and runs each once so the first request does not pay for it.</summary>
    public static TranslateRuntime Load(ProcessingOptions options)
    {
        ProcessingOptionsValidator.ThrowIfInvalid(options);
        var clock = Stopwatch.StartNew();
        var languages = new LanguageIdentifier(options.LanguageIdentification);
        languages.Identify("Warm-up sentence for the language identifier.");
        var languagesTime = clock.Elapsed;

        var (model, vocabulary) = EmbeddedMiniLm.Load(options.MiniLmPath);
        using var vocabularyStream = new MemoryStream(vocabulary);
        var tokenizer = WordPieceTokenizer.Create(vocabularyStream);
        var encoder = new SentenceEncoder(EmbeddedMiniLm.Name, model, tokenizer, options.OnnxRuntime, options.Embeddings, options.Batching);
        encoder.WarmUp();
        var encoderTime = clock.Elapsed - languagesTime;

        var apertium = ApertiumTranslator.TryCreate(options.Apertium, out var apertiumState);
        var seq2seq = Seq2SeqModelCatalog.Load(options.Models, options.OnnxRuntime, options.Batching);
        ModelStatus[] models =
        [
            new("lingua", "language-id", "SearchPioneer.Lingua 2.0.0", true,
                $"{languages.Languages.Count} languages ({string.Join(", ", languages.Languages)}); loaded in {languagesTime.TotalSeconds:0.0} s"),
            new(EmbeddedMiniLm.Name, "embed", EmbeddedMiniLm.Source, true,
                $"all-MiniLM-L6-v2, {encoder.Dimension} dimensions, window {options.Embeddings.MaxTokens} tokens; ONNX Runtime {options.OnnxRuntime}; {options.Batching}; loaded in {encoderTime.TotalSeconds:0.0} s"),
            new("apertium", "translate " + (apertium is null ? "(none)" : string.Join(", ", apertium.Directions)), "Debian packages apertium, apertium-fr-es, apertium-eng-spa",
                apertium is not null, $"rule-based fallback translator: {apertiumState}"),
            .. seq2seq.Statuses,
        ];
        return new TranslateRuntime(options, languages, encoder, apertium, seq2seq, models);
    }

    /// <summary>Lets every accepted model request finish, then closes the sessions and the translator.</summary>
    public async ValueTask DisposeAsync()
    {
        await Encoder.DisposeAsync().ConfigureAwait(false);
        await _seq2seq.DisposeAsync().ConfigureAwait(false);
        _apertium?.Dispose();
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking; for synchronous shutdown paths.</summary>
    public void Dispose()
    {
        Encoder.Dispose();
        _seq2seq.Dispose();
        _apertium?.Dispose();
    }
}
