using System.Threading.Channels;
using Grpc.Core;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// The documents waiting for a stream, whichever server's: a lane takes the next one when its stream is free, so
/// a faster server takes more. A document a server could not take comes back after a backoff, for any lane, until
/// it runs out of attempts.
/// </summary>
internal sealed class DocumentQueue(RemoteRunnerSettings settings)
{
    private readonly Channel<PendingDocument> _channel = Channel.CreateUnbounded<PendingDocument>();

    public void Add(PendingDocument document)
    {
        if (!_channel.Writer.TryWrite(document))
        {
            document.Fail(new ObjectDisposedException(nameof(RemoteRunner), "The remote runner was disposed before the document was done."));
        }
    }

    /// <summary>The next document still wanted: one its caller gave up on, or that ran out of time in the queue, is skipped.</summary>
    public async ValueTask<PendingDocument> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var document = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!document.IsDone)
            {
                return document;
            }
        }
    }

    /// <summary>Sends the document out again after its backoff (or the server's retry hint, if longer), or fails it when its attempts are spent.</summary>
    public void Retry(PendingDocument document, RemoteFailure failure, string server)
    {
        document.LastFailure = failure.Description;
        if (document.Attempts >= settings.MaxAttempts)
        {
            document.Fail(new RemoteDocumentException(StatusCode.Unavailable, server,
                $"{PendingDocument.Describe(document.Request)}: no server could take it in {document.Attempts} attempts; the last: {failure.Description}"));
            return;
        }
        var backoff = settings.InitialBackoff * Math.Pow(2, Math.Max(0, document.Attempts - 1));
        backoff = backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
        _ = AddAfterAsync(document, failure.RetryAfter > backoff ? failure.RetryAfter : backoff);
    }

    public void Close() => _channel.Writer.TryComplete();

    private async Task AddAfterAsync(PendingDocument document, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, document.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The token that ended the wait has completed the document (cancelled or timed out).
            return;
        }
        Add(document);
    }
}
