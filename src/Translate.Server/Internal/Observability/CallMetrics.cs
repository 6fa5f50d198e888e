using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Translate.Server.Internal.Observability;

/// <summary>
/// Calls served and how long they took, per method and status, on the meter <see cref="MeterName"/>: the
/// OpenTelemetry RPC conventions (rpc.server.call.duration), since grpc-dotnet publishes only EventCounters.
/// JSON calls are counted too, told apart by translate.transport.
/// </summary>
internal sealed class CallMetrics
{
    public const string MeterName = "Translate.Server";

    // Seconds: health checks take microseconds, a long document tens of seconds.
    private static readonly double[] Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;

    public CallMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram("rpc.server.call.duration", "s", "Time from a call's arrival to its status, per method and status code.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _active = meter.CreateUpDownCounter<long>("rpc.server.active_calls", "{call}", "Calls being served.");
    }

    public void Started(string method, string transport) => _active.Add(1, Tags(method, transport));

    public void Ended(string method, string transport, StatusCode status, TimeSpan elapsed)
    {
        _active.Add(-1, Tags(method, transport));
        var (service, name) = Split(method);
        _duration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.service", service),
            new KeyValuePair<string, object?>("rpc.method", name),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status),
            new KeyValuePair<string, object?>("translate.transport", transport));
    }

    private static TagList Tags(string method, string transport)
    {
        var (service, name) = Split(method);
        return new TagList
        {
            { "rpc.system", "grpc" },
            { "rpc.service", service },
            { "rpc.method", name },
            { "translate.transport", transport },
        };
    }

    // "/translate.v1.Translate/Process" -> ("translate.v1.Translate", "Process")
    private static (string Service, string Method) Split(string method)
    {
        var slash = method.LastIndexOf('/');
        return slash > 0 ? (method[1..slash], method[(slash + 1)..]) : (string.Empty, method.TrimStart('/'));
    }
}
