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

    /// <summary>How images for this task must be preprocessed (from the active adapter's manifest).</summary>
    Task<AdapterPreprocessing> GetPreprocessingAsync(string taskId, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>Task ids (with versions, "task@version") whose adapters are resident on the device now.</summary>
    IReadOnlyCollection<string> ResidentAdapters { get; }

    EngineStatistics Statistics { get; }
}
