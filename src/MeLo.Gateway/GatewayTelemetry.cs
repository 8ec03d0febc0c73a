using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MeLo.Gateway;

/// <summary>
/// The gateway's traces and metrics (ActivitySource and Meter <see cref="Name"/>; Prometheus families melo_gateway_*).
/// Tags carry task ids and status codes only: never item ids, file names or pixels. Durations are in seconds.
/// </summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "MeLo.Gateway";

    static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    readonly Meter _meter;
    readonly Counter<long> _items;
    readonly Histogram<double> _latency;
    readonly Histogram<double> _decode;
    readonly Counter<long> _received;
    readonly Histogram<int> _inFlight;

    public GatewayTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _items = _meter.CreateCounter<long>("melo.gateway.items", "{item}", "Diagnosis items answered, by task and status code.");
        _latency = _meter.CreateHistogram("melo.gateway.item.duration", "s", "From receiving an item to its answer being ready, by task and status code.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _decode = _meter.CreateHistogram("melo.gateway.decode.duration", "s", "Decoding, resizing and normalising one item's input on the gateway.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _received = _meter.CreateCounter<long>("melo.gateway.received", "By", "Bytes of diagnosis items received.");
        _inFlight = _meter.CreateHistogram("melo.gateway.stream.in_flight", "{item}", "Items outstanding in a DiagnoseStream, sampled as each item is read.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
    }

    public static ActivitySource Source { get; } = new(Name);

    /// <summary>Per-task rates and latency percentiles of recent answers, for the admin status.</summary>
    public RecentTaskStatistics Recent { get; } = new(TimeSpan.FromMinutes(1));

    /// <param name="taskId">The task of a served item; null for a failed one, whose task may be any string a client sent
    /// (tagging it would let clients grow the metric's cardinality without bound).</param>
    public void Answered(string? taskId, Grpc.Core.StatusCode code, double milliseconds)
    {
        var tags = new TagList { { "melo.task", taskId ?? "(failed)" }, { "rpc.grpc.status_code", (int)code } };
        _items.Add(1, tags);
        _latency.Record(milliseconds / 1000, tags);
        Recent.Add(taskId ?? "(failed)", code == Grpc.Core.StatusCode.OK, milliseconds);
    }

    public void Received(int bytes) => _received.Add(bytes);

    public void Decoded(TimeSpan duration) => _decode.Record(duration.TotalSeconds);

    public void InFlight(int items) => _inFlight.Record(items);

    public void Dispose() => _meter.Dispose();
}
