using System.Diagnostics.Metrics;

namespace Translate.Core.Inference.Batching.Internal;

/// <summary>
/// The instruments of one batcher, on a meter named <see cref="MeterName"/>; every measurement carries the tag
/// translate.batcher with the batcher's name, so batchers of several models can be told apart.
/// </summary>
internal sealed class BatchingMetrics : IDisposable
{
    public const string MeterName = "Translate.Batching";
    public const string BatcherTag = "translate.batcher";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly Histogram<int> _rows;
    private readonly Histogram<int> _tokens;
    private readonly Histogram<double> _padding;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _runTime;

    public BatchingMetrics(string batcher, Func<int> queueDepth)
    {
        _meter = new Meter(MeterName);
        _tag = new(BatcherTag, batcher);
        _meter.CreateObservableGauge("translate.batching.queue.depth", () => new Measurement<int>(queueDepth(), _tag),
            "{request}", "Requests waiting for a batch.");
        _rows = _meter.CreateHistogram<int>("translate.batching.batch.rows", "{row}", "Requests in one model run.");
        _tokens = _meter.CreateHistogram<int>("translate.batching.batch.tokens", "{token}", "Tokens in one model run, padding included (rows × longest row).");
        _padding = _meter.CreateHistogram<double>("translate.batching.batch.padding", "1", "Share of a model run's tokens that are padding.");
        _queueWait = _meter.CreateHistogram<double>("translate.batching.queue.wait", "s", "Time from a request's arrival to the start of its batch.");
        _runTime = _meter.CreateHistogram<double>("translate.batching.batch.duration", "s", "Time one model run takes.");
    }

    public void RecordQueueWait(TimeSpan wait) => _queueWait.Record(wait.TotalSeconds, _tag);

    public void RecordBatch(int rows, int paddedLength, int realTokens, TimeSpan runTime)
    {
        var tokens = rows * paddedLength;
        _rows.Record(rows, _tag);
        _tokens.Record(tokens, _tag);
        _padding.Record(tokens == 0 ? 0 : (double)(tokens - realTokens) / tokens, _tag);
        _runTime.Record(runTime.TotalSeconds, _tag);
    }

    public void Dispose() => _meter.Dispose();
}
