namespace MeLo.Gateway;

/// <summary>Settings of the gRPC gateway; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "MeLo:Gateway";

    /// <summary>Items of one DiagnoseStream call that may be outstanding (read but not yet answered); the gateway stops
    /// reading the stream at this bound, so a fast client cannot queue unbounded work (backpressure).</summary>
    public int MaxInFlightPerStream { get; set; } = 64;

    /// <summary>Most items in one unary Diagnose call.</summary>
    public int MaxItemsPerRequest { get; set; } = 256;

    /// <summary>Most items the gateway sends to an adapter grain in one call (a call's items of one task are split into such groups).</summary>
    public int MaxItemsPerGrainCall { get; set; } = 32;

    /// <summary>How long the gateway gathers a stream's items of one task before sending them in one grain call (it sends
    /// sooner once <see cref="MaxItemsPerGrainCall"/> have gathered). Zero sends every item on its own.</summary>
    public TimeSpan GroupingWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Largest gRPC message accepted (an encoded image, a tensor or a whole unary request).</summary>
    public int MaxMessageBytes { get; set; } = 64 << 20;

    /// <summary>Largest adapter file accepted by AdapterService.Upload.</summary>
    public long MaxAdapterBytes { get; set; } = 256L << 20;

    /// <summary>Adapter grain replicas per task (activations "task#0".."task#N-1", spread over silos by placement).</summary>
    public int DefaultReplicas { get; set; } = 1;

    /// <summary>Replica counts of hot tasks, overriding <see cref="DefaultReplicas"/>.</summary>
    public Dictionary<string, int> Replicas { get; set; } = [];

    public int ReplicasOf(string taskId) => Replicas.TryGetValue(taskId, out var n) ? n : DefaultReplicas;
}
