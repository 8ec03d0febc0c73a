using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// An engine that holds every request until <see cref="Open"/> and counts what reaches it: how many at once, how many
/// were cancelled. Task "full" answers as an engine with a full queue. Images are 8 px tensors.
/// </summary>
sealed class GatedEngine : IInferenceEngine
{
    public const int ImageSize = 8;
    public const string FullTask = "full";

    readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _current;
    int _started;
    int _maxConcurrent;
    int _cancelled;

    public int Started => Volatile.Read(ref _started);
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);
    public int Cancelled => Volatile.Read(ref _cancelled);

    public IReadOnlyCollection<AdapterKey> ResidentAdapters => [];

    public int AdapterCapacity => 16;

    /// <summary>Holds no backbone; says it serves the demo backbone's shape so that uploads have something to be checked against.</summary>
    public EngineCapabilities Capabilities { get; } = new(new BackboneIdentity(DemoBackbone.Config.Name, "gated-engine"), DemoBackbone.Config, 16);

    public Task PinAsync(string taskId, string version, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UnpinAsync(string taskId, string version) => Task.CompletedTask;

    public EngineStatistics Statistics => new(0, 0, 0, 0, 0, Volatile.Read(ref _current), 0, 0);

    public void Open() => _gate.TrySetResult();

    public async Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        if (request.TaskId == FullTask)
            throw new EngineOverloadedException(8);
        Interlocked.Increment(ref _started);
        int now = Interlocked.Increment(ref _current);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
            return new InferenceResult(request.TaskId, "v1", ["no", "yes"], [0.25f, 0.75f], ["yes"], TimeSpan.Zero, TimeSpan.FromMilliseconds(1), 1);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }

    public Task<ResolvedAdapter> ResolveAsync(string taskId, string? version = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ResolvedAdapter(new AdapterKey(taskId, version ?? "v1"), new AdapterPreprocessing(ImageSize, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f])));

    public ValueTask DisposeAsync()
    {
        _gate.TrySetCanceled();
        return ValueTask.CompletedTask;
    }
}
