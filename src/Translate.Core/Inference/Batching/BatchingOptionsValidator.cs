using Microsoft.Extensions.Options;

namespace Translate.Core.Inference.Batching;

/// <summary>Checks <see cref="BatchingOptions"/>; each failure names its setting under <paramref name="section"/>.</summary>
public sealed class BatchingOptionsValidator(string section = BatchingOptions.Section) : IValidateOptions<BatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxBatchRows is < 1 or > 4096)
        {
            result.AddError($"{section}:MaxBatchRows must be between 1 (batching off) and 4096; it is {options.MaxBatchRows}.");
        }
        if (options.MaxBatchTokens < 1)
        {
            result.AddError($"{section}:MaxBatchTokens must be at least 1; it is {options.MaxBatchTokens}.");
        }
        if (options.MaxWaitMilliseconds is < 0 or > 1000)
        {
            result.AddError($"{section}:MaxWaitMilliseconds must be between 0 and 1000; it is {options.MaxWaitMilliseconds}.");
        }
        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            result.AddError($"{section}:QueueCapacity must be between 1 and 1000000; it is {options.QueueCapacity}.");
        }
        if (options.MaxQueueMilliseconds is < 1 or > 3_600_000)
        {
            result.AddError($"{section}:MaxQueueMilliseconds must be between 1 and 3600000; it is {options.MaxQueueMilliseconds}.");
        }
        if (!Enum.IsDefined(options.Scheduling))
        {
            result.AddError($"{section}:Scheduling must be Static or Continuous; it is {options.Scheduling}.");
        }
        if (options.MaxCacheTokens is < 1 or > 100_000_000)
        {
            result.AddError($"{section}:MaxCacheTokens must be between 1 and 100000000; it is {options.MaxCacheTokens}.");
        }
        if (options.MaxJoinWaitMilliseconds is < 0 or > 3_600_000)
        {
            result.AddError($"{section}:MaxJoinWaitMilliseconds must be between 0 and 3600000; it is {options.MaxJoinWaitMilliseconds}.");
        }
        return result.Build();
    }
}
