using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Translate.Core.Hosting;

namespace Translate.Core.Tests.Hosting;

public sealed class ProcessingOptionsValidatorTests
{
    [Fact]
    public void ThrowIfInvalid_BadBatchingSetting_ErrorNamesItsFullPath()
    {
        var options = new ProcessingOptions { Batching = { QueueCapacity = 0 } };

        var exception = Assert.Throws<OptionsValidationException>(() => ProcessingOptionsValidator.ThrowIfInvalid(options));

        Assert.Contains("Batching:QueueCapacity", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_TokenBudgetBelowTheModelWindow_IsRefused()
    {
        var options = new ProcessingOptions { Batching = { MaxBatchTokens = 100 } };

        var exception = Assert.Throws<OptionsValidationException>(() => ProcessingOptionsValidator.ThrowIfInvalid(options));

        Assert.Contains("Batching:MaxBatchTokens", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralLayersWrong_ReportsEveryOneByName()
    {
        var options = new ProcessingOptions { MaxTextCodePoints = 0, Embeddings = { MaxTokens = 1000 }, Apertium = { TimeoutSeconds = 0 } };
        options.Untranslated.MinimumOdds = 0.5;
        options.Extractive.DuplicateSimilarity = 1.5;

        var result = new ProcessingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in (string[])["Processing:MaxTextCodePoints", "Processing:Embeddings:MaxTokens", "Processing:Apertium:TimeoutSeconds", "Processing:Untranslated:MinimumOdds", "Processing:Extractive"])
        {
            Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new ProcessingOptionsValidator().Validate(null, new ProcessingOptions()).Succeeded);

    [Fact]
    public void Bind_ProcessingAndTopLevelBatching_BothApplied()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Processing:MaxTextCodePoints"] = "500",
            ["Processing:Extractive:DuplicateSimilarity"] = "0.8",
            ["Batching:MaxBatchRows"] = "1",
        }).Build();

        var options = TranslateConfiguration.Bind(configuration);

        Assert.Equal(500, options.MaxTextCodePoints);
        Assert.Equal(0.8, options.Extractive.DuplicateSimilarity);
        Assert.Equal(1, options.Batching.MaxBatchRows);
    }
}
