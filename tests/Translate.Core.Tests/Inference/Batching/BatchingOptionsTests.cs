using Translate.Core.Inference.Batching;

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

        var result = new BatchingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CacheBudgetZero_ErrorNamesMaxCacheTokens()
    {
        var result = new BatchingOptionsValidator().Validate(null, new BatchingOptions { Scheduling = BatchScheduling.Continuous, MaxCacheTokens = 0 });

        Assert.True(result.Failed);
        Assert.Contains("Batching:MaxCacheTokens", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeJoinWait_ErrorNamesMaxJoinWaitMilliseconds()
    {
        var result = new BatchingOptionsValidator().Validate(null, new BatchingOptions { MaxJoinWaitMilliseconds = -1 });

        Assert.True(result.Failed);
        Assert.Contains("Batching:MaxJoinWaitMilliseconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownScheduling_ErrorNamesScheduling()
    {
        var result = new BatchingOptionsValidator().Validate(null, new BatchingOptions { Scheduling = (BatchScheduling)7 });

        Assert.True(result.Failed);
        Assert.Contains("Batching:Scheduling", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new BatchingOptionsValidator().Validate(null, new BatchingOptions()).Succeeded);

    [Fact]
    public void DynamicBatcher_SettingOutOfRange_IsRefusedNamingIt()
    {
        var options = new BatchingOptions { QueueCapacity = 0 };

        var exception = Assert.Throws<ArgumentException>(() => new DynamicBatcher<int, int>("m", options, _ => 1, (_, _, _) => { }));

        Assert.Contains("Batching:QueueCapacity", exception.Message, StringComparison.Ordinal);
    }
}
