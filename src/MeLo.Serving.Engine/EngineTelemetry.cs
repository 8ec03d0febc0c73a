using System.Diagnostics;
using System.Diagnostics.Metrics;
using MeLo.Serving.Engine.Scheduling;

namespace MeLo.Serving.Engine;

/// <summary>
/// The engine's spans and metrics (ActivitySource and Meter <see cref="Name"/>; Prometheus families melo_engine_*).
/// Attributes name tasks, versions, the policy and the device: never item ids or pixels. Durations are in seconds, as
/// OpenTelemetry's semantic conventions ask.
/// </summary>
internal sealed class EngineTelemetry : IDisposable
{
    public const string Name = "MeLo.Serving.Engine";

    /// <summary>Shared by every engine in the process; listeners filter by name.</summary>
    public static ActivitySource Source { get; } = new(Name);

    static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];
    static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    readonly Meter _meter = new(Name);
    readonly KeyValuePair<string, object?> _policy;
    readonly KeyValuePair<string, object?> _device;
    readonly Histogram<int> _batchSize;
    readonly Histogram<double> _forwardDuration;
    readonly Histogram<double> _queueDuration;
    readonly Histogram<double> _loadDuration;
    readonly Counter<long> _items;
    readonly Histogram<double> _itemDuration;

    public EngineTelemetry(InferenceEngineOptions options, EngineCounters counters)
    {
        _policy = new("melo.engine.policy", options.Policy.ToString().ToLowerInvariant());
        _device = new("melo.device", options.Device);
        var device = new TagList { _device };
        _meter.CreateObservableGauge("melo.engine.queue.depth", () => new Measurement<int>(counters.Queued, device),
            "{request}", "Requests accepted and waiting for a forward pass.");
        _meter.CreateObservableGauge("melo.engine.adapters.resident", () => new Measurement<int>(counters.Resident.Count, device),
            "{adapter}", "Adapter versions resident on the device.");
        _meter.CreateObservableGauge("melo.engine.adapters.pinned", () => new Measurement<int>(counters.Snapshot().PinnedAdapters, device),
            "{adapter}", "Resident adapters pinned by an active adapter grain.");
        _meter.CreateObservableGauge("melo.engine.adapters.memory", () => new Measurement<long>(counters.Snapshot().ResidentBytes, device),
            "By", "Device bytes held by resident adapters (LoRA matrices and heads).");
        _meter.CreateObservableCounter("melo.engine.adapter.switches", () => new Measurement<long>(counters.Switches, device),
            "{switch}", "Changes of the adapter applied to the backbone between forward passes (Grouped policy only).");
        _meter.CreateObservableCounter("melo.engine.adapter.cold_loads", () => new Measurement<long>(counters.Snapshot().ColdLoads, device),
            "{load}", "Adapters placed on the device that were not resident.");
        _meter.CreateObservableCounter("melo.engine.adapter.evictions", () => new Measurement<long>(counters.Snapshot().Evictions, device),
            "{eviction}", "Resident adapters evicted to make room for others.");
        _batchSize = _meter.CreateHistogram("melo.engine.batch.size", "{item}", "Images per forward pass.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _forwardDuration = _meter.CreateHistogram("melo.engine.forward.duration", "s", "Duration of one forward pass, including a merge.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _queueDuration = _meter.CreateHistogram("melo.engine.queue.duration", "s", "How long a request waited in the queue before its forward pass.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _loadDuration = _meter.CreateHistogram("melo.engine.adapter.load.duration", "s", "Reading and parsing one adapter file on a cold load.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _items = _meter.CreateCounter<long>("melo.engine.items", "{item}", "Requests answered, by task and outcome.");
        _itemDuration = _meter.CreateHistogram("melo.engine.item.duration", "s", "From enqueueing a request to its answer, by task.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>One finished request of a resolved task; <paramref name="outcome"/> is ok, cancelled, overloaded or error.</summary>
    public void Answered(string taskId, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "melo.task", taskId }, { "melo.outcome", outcome }, _device };
        _items.Add(1, tags);
        _itemDuration.Record(duration.TotalSeconds, tags);
    }

    public void Loaded(TimeSpan duration, bool succeeded) =>
        _loadDuration.Record(duration.TotalSeconds, new TagList { _device, { "melo.outcome", succeeded ? "ok" : "error" } });

    /// <summary>
    /// Starts one queue-wait span per traced request (a child of the request's span, from enqueueing to now) and the forward
    /// span of the pass. One pass serves many traces, so the forward span is a root that links to every request's span, as
    /// OpenTelemetry's messaging conventions do for batches.
    /// </summary>
    public Activity? StartForward(IReadOnlyList<BatchEntry> pass, long start)
    {
        var now = DateTimeOffset.UtcNow;
        var tasks = pass.Select(entry => entry.Item.Key.TaskId).Distinct().ToArray();
        foreach (var entry in pass)
            _queueDuration.Record(Stopwatch.GetElapsedTime(entry.Item.EnqueuedAt, start).TotalSeconds, new TagList { _device });
        if (!Source.HasListeners())
            return null;
        foreach (var entry in pass.Where(entry => entry.Item.TraceContext != default))
        {
            var enqueued = now - Stopwatch.GetElapsedTime(entry.Item.EnqueuedAt, start);
            using var wait = Source.StartActivity("melo.engine.queue_wait", ActivityKind.Internal, entry.Item.TraceContext,
                [new("melo.task", entry.Item.Key.TaskId), _device], startTime: enqueued);
            wait?.SetEndTime(now.UtcDateTime);
        }
        var links = pass.Where(entry => entry.Item.TraceContext != default).Select(entry => new ActivityLink(entry.Item.TraceContext));
        return Source.StartActivity("melo.engine.forward", ActivityKind.Internal, parentContext: default,
            [new("melo.batch.size", pass.Count), new("melo.batch.tasks", tasks), new("melo.batch.task_count", tasks.Length), _policy, _device],
            links);
    }

    /// <summary>Ends the forward span and records the pass's size and duration.</summary>
    public void Forwarded(Activity? activity, int size, long switches, TimeSpan duration, bool succeeded)
    {
        var tags = new TagList { _policy, _device };
        _batchSize.Record(size, tags);
        _forwardDuration.Record(duration.TotalSeconds, tags);
        if (activity is null)
            return;
        activity.SetTag("melo.adapter.switches", switches);
        if (!succeeded)
            activity.SetStatus(ActivityStatusCode.Error);
        activity.Dispose();
    }

    public void Dispose() => _meter.Dispose();
}
