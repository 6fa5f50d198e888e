using Translate.Core.Processing;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// A document on its way through the remote runner: its request, how often a server has been tried with it, and
/// the one completion its caller awaits. Its token fires at the caller's cancellation or at --server-timeout,
/// wherever the document is then (queued, waiting to be retried, or on a stream), and completes it at once.
/// </summary>
internal sealed class PendingDocument : IDisposable
{
    private readonly TaskCompletionSource<DocumentResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenRegistration _expired;
    private readonly CancellationToken _callerToken;

    public PendingDocument(DocumentRequest request, TimeSpan timeout, CancellationToken callerToken)
    {
        Request = request;
        _callerToken = callerToken;
        _expiry = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        _expiry.CancelAfter(timeout);
        // Kept: a lane may still look at the token after the caller has its answer and the source is disposed.
        Token = _expiry.Token;
        _expired = Token.Register(() =>
        {
            if (_callerToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(_callerToken);
                return;
            }
            _completion.TrySetException(new TimeoutException(
                $"{Describe(Request)}: no server answered within {timeout.TotalSeconds:0.#} s (--server-timeout)" +
                (LastFailure is { } failure ? $"; last failure: {failure}" : string.Empty) + "."));
        });
    }

    public DocumentRequest Request { get; }

    /// <summary>Servers this document was sent to, refusals and broken streams included.</summary>
    public int Attempts { get; set; }

    /// <summary>The last retryable failure, for the message if the document runs out of attempts or time.</summary>
    public string? LastFailure { get; set; }

    /// <summary>Fires when the caller cancels or the document's time is up.</summary>
    public CancellationToken Token { get; }

    public Task<DocumentResult> Completion => _completion.Task;

    public bool IsDone => _completion.Task.IsCompleted;

    public void Succeed(DocumentResult result) => _completion.TrySetResult(result);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);

    /// <summary>"document 'abc'", as the runner's errors name it.</summary>
    public static string Describe(DocumentRequest request) => $"document '{request.Id}'";

    public void Dispose()
    {
        _expired.Dispose();
        _expiry.Dispose();
    }
}
