using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Tests.Inference.Generation;

namespace Translate.Core.Tests.Cleanup.Steps;

/// <summary>The rewrite step with the T5 fixture as the rewriting model (random weights: only the mechanics are checked).</summary>
public sealed class RewriteStepTests : IDisposable
{
    private const string Sentence = "The talks went on for a very long time and then they stopped.";
    private readonly Seq2SeqTextModel _model = Seq2SeqTextModel.Load("t5-fixture", GenerationFixture.Folder("t5"), GenerationFixture.Runtime, new BatchingOptions());

    [Fact]
    public async Task Rewrite_SentenceJudgedPoor_SuggestedWithTheModelsRewrite()
    {
        var options = new RewriteOptions { MaximumTargetConfidence = 1.01 }; // judge every English sentence poor
        var expected = (await _model.GenerateAsync([options.Prefix + Sentence], cancellationToken: TestContext.Current.CancellationToken)).Single();

        var result = await CleanupTestKit.RunAsync(Sentence, new RewriteStep(_model, options));

        Assert.Equal(Sentence, result.Text); // suggested, not applied, at the default min_confidence
        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditKind.Rewrite, edit.Kind);
        Assert.Equal(EditDisposition.Suggested, edit.Disposition);
        Assert.Equal(expected, edit.Replacement);
        Assert.Contains("reads poorly", edit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewrite_ConfidentEnglish_LeftAlone()
    {
        var result = await CleanupTestKit.RunAsync(Sentence, new RewriteStep(_model, new RewriteOptions { MaximumTargetConfidence = 0 }));

        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task Rewrite_LosingAName_HeldBack()
    {
        const string withName = "The talks with Macron went on for a very long time and then they stopped.";

        var result = await CleanupTestKit.RunAsync(withName, new CleanupRequest("en", 0), new RewriteStep(_model, new RewriteOptions { MaximumTargetConfidence = 1.01 }));

        Assert.Equal(withName, result.Text); // even at min_confidence 0: the random model does not write "Macron"
        Assert.Contains("held back", Assert.Single(result.Edits).Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _model.Dispose();
}
