using System.Diagnostics.Metrics;

namespace Translate.Core.Tests.Inference;

/// <summary>Collects the rows of every batch one named batcher runs, from its translate.batching.batch.rows metric.</summary>
internal static class BatchRowsListener
{
    public static MeterListener Start(string batcher, List<int> rows)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Translate.Batching" && instrument.Name == "translate.batching.batch.rows")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "translate.batcher" && Equals(tag.Value, batcher))
                {
                    lock (rows)
                    {
                        rows.Add(value);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }
}
