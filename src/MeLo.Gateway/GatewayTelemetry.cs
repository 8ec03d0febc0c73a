using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MeLo.Gateway;

/// <summary>
/// The gateway's traces and metrics. Tags carry task ids and status codes only: never item ids, file names or pixels.
/// </summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "MeLo.Gateway";

    readonly Meter _meter;
    readonly Counter<long> _items;
    readonly Histogram<double> _latency;

    public GatewayTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _items = _meter.CreateCounter<long>("melo.gateway.items", "{item}", "Diagnosis items answered, by task and status code.");
        _latency = _meter.CreateHistogram<double>("melo.gateway.item.duration", "ms", "From receiving an item to its answer being ready.");
    }

    public static ActivitySource Source { get; } = new(Name);

    /// <param name="taskId">The task of a served item; null for a failed one, whose task may be any string a client sent
    /// (tagging it would let clients grow the metric's cardinality without bound).</param>
    public void Answered(string? taskId, Grpc.Core.StatusCode code, double milliseconds)
    {
        var tags = new TagList { { "melo.task", taskId ?? "(failed)" }, { "rpc.grpc.status_code", (int)code } };
        _items.Add(1, tags);
        _latency.Record(milliseconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
