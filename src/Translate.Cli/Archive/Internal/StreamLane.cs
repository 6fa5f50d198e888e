using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using Translate.Protos.V1;
using Translate.Server.Internal;
using ProtoResult = Translate.Protos.V1.DocumentResult;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// One document in flight on one server: a ProcessStream call kept open across documents, sending the next only
/// once the last is answered. The server's ProcessStream handles its requests one after another
/// (TranslateService.ProcessStream awaits each), so more documents on one stream would only queue there; a
/// server's concurrency is its number of lanes. With one document outstanding, a stream that breaks leaves
/// exactly one unanswered document, which goes back to the queue, and an answer is matched to its request by id.
/// </summary>
internal sealed class StreamLane(ServerEndpoint endpoint, DocumentQueue queue, RemoteRunnerSettings settings, CancellationToken stopping)
{
    private enum Outcome
    {
        /// <summary>The document has its result or its final error; the stream goes on.</summary>
        Answered,

        /// <summary>The server refused the document for now (overloaded); the stream goes on after the wait.</summary>
        Refused,

        /// <summary>The stream holds a document its caller no longer wants, or ended for a reason of the document's: open a new one.</summary>
        StreamEnded,

        /// <summary>The server or the connection failed: open a new stream after a backoff.</summary>
        ServerFailed,
    }

    public async Task RunAsync()
    {
        var backoff = settings.InitialBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!await endpoint.WaitConnectedAsync(settings.ConnectWait, stopping).ConfigureAwait(false)
                    || !await endpoint.WaitServingAsync(settings.ConnectWait, stopping).ConfigureAwait(false))
                {
                    continue;
                }
                if (await RunStreamAsync().ConfigureAwait(false))
                {
                    backoff = settings.InitialBackoff;
                    continue;
                }
                // Jitter, so that the lanes of a server that failed do not come back in step.
                await Task.Delay(backoff * (0.5 + Random.Shared.NextDouble()), stopping).ConfigureAwait(false);
                backoff = backoff * 2 < settings.MaxBackoff ? backoff * 2 : settings.MaxBackoff;
            }
            catch (Exception exception) when (stopping.IsCancellationRequested
                && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // The runner is disposed: a gRPC call cut short by it (a health check, the stream) ends as CANCELLED.
                return;
            }
            catch (ChannelClosedException)
            {
                // The runner is disposed: no more documents.
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                // A lane lives as long as the runner: whatever went wrong with this stream, the next one starts after a backoff.
                endpoint.MarkDown($"{exception.GetType().Name}: {exception.Message}");
                await Task.WhenAny(Task.Delay(settings.MaxBackoff, stopping)).ConfigureAwait(false);
            }
        }
    }

    /// <returns>False when the server failed and the next stream should wait.</returns>
    private async Task<bool> RunStreamAsync()
    {
        using var call = endpoint.Client.ProcessStream(endpoint.Headers, cancellationToken: stopping);
        var opened = Stopwatch.StartNew();
        while (opened.Elapsed < settings.StreamLifetime)
        {
            var document = await queue.TakeAsync(stopping).ConfigureAwait(false);
            document.Attempts++;
            var (outcome, wait) = await SendAsync(call, document).ConfigureAwait(false);
            switch (outcome)
            {
                case Outcome.Answered:
                    continue;
                case Outcome.Refused:
                    await Task.Delay(wait > settings.InitialBackoff ? wait : settings.InitialBackoff, stopping).ConfigureAwait(false);
                    continue;
                case Outcome.StreamEnded:
                    return true;
                default:
                    return false;
            }
        }
        await CloseAsync(call).ConfigureAwait(false);
        return true;
    }

    private async Task<(Outcome, TimeSpan)> SendAsync(AsyncDuplexStreamingCall<ProcessRequest, ProtoResult> call, PendingDocument document)
    {
        var request = document.Request;
        ProtoResult message;
        try
        {
            await call.RequestStream.WriteAsync(new ProcessRequest { Document = request.ToProto() }, document.Token).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(document.Token).ConfigureAwait(false))
            {
                return ServerFailed(document, RemoteFailure.Broken(new IOException("the server ended the stream without answering"), endpoint.Name));
            }
            message = call.ResponseStream.Current;
        }
        catch (Exception exception) when (document.Token.IsCancellationRequested && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The document's token has completed it (cancelled, or out of time); its answer would still come on this stream.
            return (Outcome.StreamEnded, TimeSpan.Zero);
        }
        catch (RpcException exception)
        {
            var failure = RemoteFailure.OfCall(exception, request, endpoint.Name);
            if (failure.Retryable)
            {
                return ServerFailed(document, failure);
            }
            document.Fail(failure.DocumentError!);
            return (Outcome.StreamEnded, TimeSpan.Zero);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return ServerFailed(document, RemoteFailure.Broken(exception, endpoint.Name));
        }

        if (message.Id != request.Id)
        {
            // Never hand a document another's result: the stream is out of step, so it is dropped and the document retried.
            return ServerFailed(document, RemoteFailure.Broken(
                new InvalidDataException($"the server answered document '{message.Id}' while '{request.Id}' was outstanding"), endpoint.Name));
        }
        endpoint.MarkUp();
        endpoint.CountAnswer();
        if (message.Error is { } error)
        {
            var failure = RemoteFailure.InStream((StatusCode)error.Code, error.Message, request, endpoint.Name);
            if (!failure.Retryable)
            {
                document.Fail(failure.DocumentError!);
                return (Outcome.Answered, TimeSpan.Zero);
            }
            queue.Retry(document, failure, endpoint.Name);
            return (Outcome.Refused, failure.RetryAfter);
        }
        try
        {
            document.Succeed(message.ToCore());
        }
        catch (InvalidDataException exception)
        {
            document.Fail(new RemoteDocumentException(StatusCode.Internal, endpoint.Name, $"{PendingDocument.Describe(request)}: {endpoint.Name}: {exception.Message}"));
        }
        return (Outcome.Answered, TimeSpan.Zero);
    }

    private (Outcome, TimeSpan) ServerFailed(PendingDocument document, RemoteFailure failure)
    {
        endpoint.MarkDown(failure.Description);
        queue.Retry(document, failure, endpoint.Name);
        return (Outcome.ServerFailed, TimeSpan.Zero);
    }

    /// <summary>Ends a stream with nothing outstanding the way the server expects: no more requests, then its OK.</summary>
    private async Task CloseAsync(AsyncDuplexStreamingCall<ProcessRequest, ProtoResult> call)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(settings.ConnectWait);
        try
        {
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
            }
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // Nothing was outstanding; disposing the call cancels whatever is left of it.
        }
    }
}
