using Translate.Core.Hosting;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Xunit;

namespace Translate.Core.Tests.Inference.Batching;

public sealed class BatchingOptionsTests
{
    [Theory]
    [InlineData(0, 4096, 2, 1024, "Batching:MaxBatchRows")]
    [InlineData(32, 0, 2, 1024, "Batching:MaxBatchTokens")]
    [InlineData(32, 4096, -1, 1024, "Batching:MaxWaitMilliseconds")]
    [InlineData(32, 4096, 2, 0, "Batching:QueueCapacity")]
    public void Validate_SettingOutOfRange_ErrorNamesTheSetting(int rows, int tokens, int wait, int capacity, string setting)
    {
        var options = new BatchingOptions { MaxBatchRows = rows, MaxBatchTokens = tokens, MaxWaitMilliseconds = wait, QueueCapacity = capacity };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessingValidate_BadBatchingSetting_ErrorNamesItsFullPath()
    {
        var options = new ProcessingOptions { Batching = { QueueCapacity = 0 } };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("Batching:QueueCapacity", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessingValidate_TokenBudgetBelowTheModelWindow_IsRefused()
    {
        var options = new ProcessingOptions { Batching = { MaxBatchTokens = 100 } };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("Batching:MaxBatchTokens", exception.Message, StringComparison.Ordinal);
    }
}
