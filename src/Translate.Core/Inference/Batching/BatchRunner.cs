namespace Translate.Core.Inference.Batching;

/// <summary>
/// Runs one batch: writes results[i] for requests[i]. <paramref name="paddedLength"/> is the longest request's
/// length, the width every row is padded to. Called on the batcher's single worker thread, one batch at a time.
/// </summary>
public delegate void BatchRunner<TRequest, TResult>(ReadOnlySpan<TRequest> requests, int paddedLength, Span<TResult> results);
