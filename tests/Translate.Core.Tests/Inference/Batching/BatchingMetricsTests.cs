using System.Diagnostics.Metrics;
using Translate.Core.Inference.Batching;

namespace Translate.Core.Tests.Inference.Batching;

public sealed class BatchingMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batcher_RunsBatches_ReportsDepthRowsTokensPaddingWaitAndRunTime()
    {
        var name = $"fake-{Guid.NewGuid():N}";
        var measurements = new List<(string Instrument, double Value)>();
        using var listener = Listen(name, measurements);
        using var model = new FakeModel();
        await using var batcher = model.CreateBatcher(new BatchingOptions(), name);
        model.Hold();
        var first = batcher.EnqueueAsync(new FakeRequest(0, 10), TestToken);
        await model.WaitForRunAsync();
        var waiting = batcher.EnqueueAll([new FakeRequest(1, 10), new FakeRequest(2, 8)], TestToken);

        listener.RecordObservableInstruments();
        model.Release();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Patience, TestToken);
        listener.RecordObservableInstruments();

        List<(string Instrument, double Value)> seen;
        lock (measurements)
        {
            seen = measurements.ToList();
        }
        double[] Values(string instrument) => seen.Where(m => m.Instrument == instrument).Select(m => m.Value).ToArray();
        Assert.Equal([2.0, 0.0], Values("translate.batching.queue.depth"));
        Assert.Equal([1.0, 2.0], Values("translate.batching.batch.rows"));
        Assert.Equal([10.0, 20.0], Values("translate.batching.batch.tokens"));
        Assert.Equal([0.0, 0.1], Values("translate.batching.batch.padding"), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(3, Values("translate.batching.queue.wait").Length);
        Assert.Equal(2, Values("translate.batching.batch.duration").Length);
        Assert.All(Values("translate.batching.queue.wait").Concat(Values("translate.batching.batch.duration")), seconds => Assert.InRange(seconds, 0, 10));
    }

    private static MeterListener Listen(string batcher, List<(string Instrument, double Value)> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Translate.Batching")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "translate.batcher" && Equals(tag.Value, batcher))
                {
                    lock (measurements)
                    {
                        measurements.Add((instrument.Name, value));
                    }
                }
            }
        }
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }
}
