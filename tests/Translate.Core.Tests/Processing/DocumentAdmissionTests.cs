using System.Diagnostics;
using Translate.Core.Processing;

namespace Translate.Core.Tests.Processing;

public sealed class DocumentAdmissionTests
{
    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_FreeSlot_EntersAtOnce()
    {
        var admission = new DocumentAdmission(2, TimeSpan.FromMilliseconds(100));

        var first = admission.EnterAsync(TestToken);
        var second = admission.EnterAsync(TestToken);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully, "two free slots: both enter without waiting");
        (await first).Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task EnterAsync_DocumentsAheadLongerThanTheBudget_RefusedAtOnceWithARetryHint()
    {
        var admission = new DocumentAdmission(1, TimeSpan.FromMilliseconds(300));
        // One document of about 200 ms teaches the gate the time per document.
        using (await admission.EnterAsync(TestToken))
        {
            await Task.Delay(200, TestToken);
        }
        var running = await admission.EnterAsync(TestToken);
        var waiting = admission.EnterAsync(TestToken).AsTask(); // one ahead: about 200 ms, within the budget

        var clock = Stopwatch.StartNew();
        var refusal = await Assert.ThrowsAsync<ServiceOverloadedException>(() => admission.EnterAsync(TestToken).AsTask());

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), "the refusal must come at once");
        Assert.Contains("Processing:MaxQueueMilliseconds", refusal.Message, StringComparison.Ordinal);
        Assert.InRange(refusal.RetryAfter.TotalMilliseconds, 300, 5_000);
        running.Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task EnterAsync_SlotNotFreedWithinTheBudget_RefusedWhenTheBudgetRunsOut()
    {
        var admission = new DocumentAdmission(1, TimeSpan.FromMilliseconds(150));
        using var running = await admission.EnterAsync(TestToken); // no document has finished: no estimate yet

        var clock = Stopwatch.StartNew();
        var refusal = await Assert.ThrowsAsync<ServiceOverloadedException>(() => admission.EnterAsync(TestToken).AsTask());

        Assert.InRange(clock.Elapsed.TotalMilliseconds, 100, 5_000);
        Assert.Contains("could not start within 150 ms", refusal.Message, StringComparison.Ordinal);
    }
}
