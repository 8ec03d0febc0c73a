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

    /// <summary>Times a grain call that failed because a silo died, left or is shutting down is sent again (0: never),
    /// always within the item's deadline.</summary>
    public int MaxRetries { get; set; } = 12;

    /// <summary>First backoff before a retry; it doubles (with jitter) up to 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest gRPC message accepted (an encoded image, a tensor or a whole unary request).</summary>
    public int MaxMessageBytes { get; set; } = 64 << 20;

    /// <summary>Largest adapter file accepted by AdapterService.Upload (a ViT-giga adapter of rank 16 on q and v is about
    /// 20 MB). The file travels to the registry grain as one Orleans message, so it must fit Orleans' message body limit
    /// (100 MB by default), which the gateway checks at startup.</summary>
    public long MaxAdapterBytes { get; set; } = 64L << 20;

    /// <summary>Adapter grain replicas per task (activations "task#0".."task#N-1", spread over silos by placement).</summary>
    public int DefaultReplicas { get; set; } = 1;

    /// <summary>Replica counts of hot tasks, overriding <see cref="DefaultReplicas"/>.</summary>
    public Dictionary<string, int> Replicas { get; set; } = [];

    public int ReplicasOf(string taskId) => Replicas.TryGetValue(taskId, out var n) ? n : DefaultReplicas;
}
