using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine;

/// <summary>
/// A backbone pinned to one device, serving many task adapters. Requests are batched dynamically and run on one
/// dedicated device thread. Throws <see cref="TaskNotFoundException"/>, <see cref="EngineOverloadedException"/>
/// and <see cref="InvalidInferenceInputException"/> for the caller's mistakes and limits.
/// </summary>
public interface IInferenceEngine : IAsyncDisposable
{
    Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The version a task's requests run on (the active one when <paramref name="version"/> is null) and its preprocessing
    /// (from the adapter's manifest). Throws <see cref="TaskNotFoundException"/>.
    /// </summary>
    Task<ResolvedAdapter> ResolveAsync(string taskId, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cold-loads an adapter version onto the device (unless resident) and keeps it there until <see cref="UnpinAsync"/>:
    /// the adapter grain that owns a task pins its version for as long as its activation lives. Completes once the adapter
    /// is resident. Throws <see cref="TaskNotFoundException"/>, <see cref="AdapterCapacityExceededException"/> when every
    /// slot is pinned, and the load's own errors (format, backbone mismatch, <see cref="AdapterNotHostableException"/>).
    /// </summary>
    Task PinAsync(string taskId, string version, CancellationToken cancellationToken = default);

    /// <summary>Ends one pin. The last one frees the adapter's slot, unless queued requests still need it.</summary>
    Task UnpinAsync(string taskId, string version);

    /// <summary>Adapter versions resident on the device now.</summary>
    IReadOnlyCollection<AdapterKey> ResidentAdapters { get; }

    /// <summary>Most adapters resident at once (see <see cref="InferenceEngineOptions.AdapterCapacity"/>).</summary>
    int AdapterCapacity { get; }

    /// <summary>The backbone served and the highest LoRA rank accepted: what uploads are checked against.</summary>
    EngineCapabilities Capabilities { get; }

    EngineStatistics Statistics { get; }
}
