using Translate.Core.Cleanup;
using Translate.Core.Hosting;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Core.Tests.Inference.Generation;

namespace Translate.Core.Tests.Processing;

/// <summary>
/// With seq2seq models present, the service uses them by itself: the summarization fixture writes the summary, and
/// the translation fixture translates leftover French before Apertium is asked.
/// </summary>
public sealed class DocumentProcessorModelTests : IDisposable
{
    private readonly TranslateRuntime _runtime;

    public DocumentProcessorModelTests()
    {
        var options = new ProcessingOptions();
        options.Models.Summarizer = GenerationFixture.Folder("bart");
        options.Models.Translators["fr-en"] = GenerationFixture.Folder("marian");
        _runtime = TranslateRuntime.Load(options);
    }

    [Fact]
    public async Task Summarize_SummarizationModelPresent_AbstractiveAndExactlyTheReferenceOutput()
    {
        var reference = GenerationFixture.Expected("bart");
        // Cases whose reference beam search finished before its 20-token limit: the model's own, longer limit cannot change them.
        var finished = reference.Cases.Where(c => c.Beam.Length < reference.MaxNewTokens + 1).ToArray();
        Assert.NotEmpty(finished);
        using var model = Seq2SeqTextModel.Load("check", GenerationFixture.Folder("bart"), GenerationFixture.Runtime, new BatchingOptions());
        var processor = _runtime.Processor;

        foreach (var c in finished)
        {
            var result = await processor.SummarizeAsync(new DocumentRequest("case", c.Text), new ProcessingRequestOptions(MaxWords: 1000, MaxSentences: 100), TestContext.Current.CancellationToken);

            Assert.Equal(SummaryMethod.Abstractive, result.Summary!.Method);
            Assert.Equal("onnx:summarizer", result.Summary.Engine);
            Assert.Equal(model.Decode(c.Beam).Trim(), result.Summary.Text);
        }
    }

    [Fact]
    public async Task Clean_TranslationModelPresent_TranslatesWithItBeforeApertium()
    {
        const string caption = "Le gouvernement a annoncé mardi une nouvelle réforme des retraites.";
        var processor = _runtime.Processor;

        var result = await processor.CleanAsync(new DocumentRequest("doc", $"The reform was announced this week in Paris by the minister.\n{caption}\nUnions said they would strike."),
            cancellationToken: TestContext.Current.CancellationToken);

        var edit = Assert.Single(result.Edits, e => e.Kind == EditKind.Untranslated);
        Assert.Equal(caption, edit.Original);
        Assert.StartsWith("onnx:translate-fr-en", edit.Engine, StringComparison.Ordinal); // later steps may tidy the random model's output
        Assert.Contains(_runtime.Models, m => m.Name == "translate-fr-en" && m.Ready);
        Assert.Contains(_runtime.Models, m => m.Name == "summarizer" && m.Ready);
    }

    [Fact]
    public void Load_ManifestModelNotDownloaded_ReportedWithTheFetchCommand()
    {
        var manifest = Path.Combine(GenerationFixture.FixturesRoot, "..", "models.json");
        var catalog = Seq2SeqModelCatalog.Load(new Seq2SeqModelOptions { Manifest = manifest }, GenerationFixture.Runtime, new BatchingOptions());

        var missing = Assert.Single(catalog.Statuses, s => s.Name == "opus-mt-fr-en");
        Assert.False(missing.Ready);
        Assert.Contains("models/fetch opus-mt-fr-en", missing.Detail);
        Assert.Empty(catalog.Translators);
    }

    public void Dispose() => _runtime.Dispose();
}
