using Grpc.Core;
using Translate.Cli.Archive;
using Translate.Cli.Archive.Internal;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive;

/// <summary>Which answers send a document to another server, on the messages the server really sends (Core's exceptions').</summary>
public sealed class RemoteFailureTests
{
    private static readonly DocumentRequest Request = new("doc-1", "text");

    [Fact]
    public void InStream_ServiceOverloaded_RetriedAfterItsWait()
    {
        var message = new ServiceOverloadedException(TimeSpan.FromMilliseconds(1234), TimeSpan.FromSeconds(2), waited: true).Message;

        var failure = RemoteFailure.InStream(StatusCode.ResourceExhausted, message, Request, "a:1");

        Assert.True(failure.Retryable);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), failure.RetryAfter);
    }

    [Fact]
    public void InStream_BatchQueueFull_Retried()
    {
        var full = RemoteFailure.InStream(StatusCode.ResourceExhausted, new BatchQueueFullException("minilm-l6-v2", 64, 3).Message, Request, "a:1");
        var slow = RemoteFailure.InStream(StatusCode.ResourceExhausted,
            new BatchQueueFullException("minilm-l6-v2", TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(500), started: false).Message, Request, "a:1");

        Assert.True(full.Retryable);
        Assert.True(slow.Retryable);
        Assert.Equal(TimeSpan.FromMilliseconds(700), slow.RetryAfter);
    }

    [Fact]
    public void InStream_ProcessingBudget_FailsAsInProcess()
    {
        const string Message = "document 'doc-1' took more than the processing budget of 120 s (Processing:MaxProcessingSeconds) and was stopped; split it into smaller documents or raise the budget.";

        var failure = RemoteFailure.InStream(StatusCode.ResourceExhausted, Message, Request, "a:1");

        Assert.False(failure.Retryable);
        Assert.Equal(Message, Assert.IsType<ProcessingBudgetExceededException>(failure.DocumentError).Message);
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.Unknown)]
    public void InStream_DocumentLevel_FailsWithTheStatus(StatusCode code)
    {
        var failure = RemoteFailure.InStream(code, "the reason", Request, "a:1");

        Assert.False(failure.Retryable);
        var error = Assert.IsType<RemoteDocumentException>(failure.DocumentError);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains("document 'doc-1': a:1 answered", error.Message);
        Assert.EndsWith("the reason", error.Message);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.Cancelled, true)]
    [InlineData(StatusCode.ResourceExhausted, false)]
    [InlineData(StatusCode.Unknown, false)]
    [InlineData(StatusCode.Unimplemented, false)]
    public void OfCall_Status_RetriedOnlyWhenTheServerIsAtFault(StatusCode code, bool retryable)
    {
        var failure = RemoteFailure.OfCall(new RpcException(new Status(code, "detail")), Request, "a:1");

        Assert.Equal(retryable, failure.Retryable);
    }

    [Fact]
    public void OfCall_PushbackTrailer_IsTheWait()
    {
        var exception = new RpcException(new Status(StatusCode.Unavailable, "busy"), new Metadata { { RemoteFailure.PushbackTrailer, "250" } });

        Assert.Equal(TimeSpan.FromMilliseconds(250), RemoteFailure.OfCall(exception, Request, "a:1").RetryAfter);
    }

    [Fact]
    public void Name_StatusCode_AsGrpcSpellsIt() => Assert.Equal("RESOURCE_EXHAUSTED", RemoteFailure.Name(StatusCode.ResourceExhausted));
}
