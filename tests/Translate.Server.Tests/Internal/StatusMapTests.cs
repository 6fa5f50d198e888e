using Grpc.Core;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Translate.Server.Internal;

namespace Translate.Server.Tests.Internal;

public sealed class StatusMapTests
{
    public static TheoryData<Exception, StatusCode> Failures => new()
    {
        { new InvalidDocumentException("Document 'a' has no text."), StatusCode.InvalidArgument },
        { new BatchQueueFullException("minilm-l6-v2", 48, 12), StatusCode.ResourceExhausted },
        { new RpcException(new Status(StatusCode.PermissionDenied, "no")), StatusCode.PermissionDenied },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void ToStatus_KnownFailure_ItsOneCodeWithItsMessage(Exception exception, StatusCode code)
    {
        foreach (var deadlinePassed in new[] { false, true })
        {
            var status = StatusMap.ToStatus(exception, deadlinePassed);

            Assert.NotNull(status);
            Assert.Equal(code, status.Value.StatusCode);
            Assert.Contains(exception is RpcException rpc ? rpc.Status.Detail : exception.Message, status.Value.Detail);
        }
    }

    [Fact]
    public void ToStatus_CancelledAfterTheDeadline_DeadlineExceeded()
    {
        var status = StatusMap.ToStatus(new OperationCanceledException(), deadlinePassed: true);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.DeadlineExceeded, status.Value.StatusCode);
        Assert.Contains("deadline passed", status.Value.Detail);
    }

    [Fact]
    public void ToStatus_CancelledBeforeTheDeadline_Cancelled()
    {
        var status = StatusMap.ToStatus(new TaskCanceledException(), deadlinePassed: false);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.Cancelled, status.Value.StatusCode);
        Assert.DoesNotContain("deadline", status.Value.Detail);
    }

    [Fact]
    public void ToStatus_UnexpectedException_Null()
    {
        Assert.Null(StatusMap.ToStatus(new InvalidOperationException("a bug"), deadlinePassed: false));
        Assert.Null(StatusMap.ToStatus(new NullReferenceException(), deadlinePassed: true));
    }

    [Fact]
    public void DeadlinePassed_DeadlineInThePast_True()
    {
        var context = new FakeServerCallContext(DateTime.UtcNow.AddSeconds(-1), CancellationToken.None);

        Assert.True(StatusMap.DeadlinePassed(context));
    }

    [Fact]
    public void DeadlinePassed_CallCancelledWhileClientConnected_True()
    {
        // The deadline's timer fired a moment before Deadline by the clock.
        var context = new FakeServerCallContext(DateTime.UtcNow.AddMinutes(1), new CancellationToken(canceled: true));

        Assert.True(StatusMap.DeadlinePassed(context));
    }

    [Fact]
    public void DeadlinePassed_ClientWentAway_False()
    {
        var gone = new CancellationToken(canceled: true);
        var context = new FakeServerCallContext(DateTime.MaxValue, gone, requestAborted: gone);

        Assert.False(StatusMap.DeadlinePassed(context));
    }

    [Fact]
    public void DeadlinePassed_NoDeadlineNotCancelled_False()
    {
        var context = new FakeServerCallContext(DateTime.MaxValue, CancellationToken.None);

        Assert.False(StatusMap.DeadlinePassed(context));
    }

    [Fact]
    public void TrailersFor_WaitRefusal_CarriesTheRetryPushback()
    {
        var refusal = new BatchQueueFullException("minilm-l6-v2", TimeSpan.FromMilliseconds(2_400.2), TimeSpan.FromSeconds(2), started: false);

        var trailers = StatusMap.TrailersFor(refusal);

        Assert.Equal("2401", trailers.GetValue(StatusMap.RetryPushbackTrailer));
        Assert.Empty(StatusMap.TrailersFor(new BatchQueueFullException("minilm-l6-v2", 48, 12)));
    }
}
