using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Engine.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace MeLo.Serving.Engine;

/// <summary>
/// Serves many task adapters on one frozen backbone, on one device, from one dedicated device thread.
/// <list type="bullet">
/// <item>Admission: requests are checked on the caller's thread (<see cref="InvalidInferenceInputException"/>), resolved
/// against the repository (<see cref="TaskNotFoundException"/>), then queued; a full queue answers
/// <see cref="EngineOverloadedException"/> at once. Every accepted request is answered exactly once.</item>
/// <item>Batching: up to MaxBatchSize requests of one image size, or fewer once the oldest has waited MaxQueueDelay.</item>
/// <item>Policies: <see cref="SchedulingPolicy.Mixed"/> runs a batch of many tasks as one forward pass and never counts an
/// adapter switch, since no weights change. <see cref="SchedulingPolicy.Grouped"/> runs one forward pass per adapter and
/// counts a switch each time a pass uses a different adapter than the pass before it.</item>
/// <item>Residency: at most AdapterCapacity adapters and AdapterCapacityBytes bytes stay on the device. Adapters pinned by
/// their grain (<see cref="PinAsync"/>) stay until unpinned; others (explicit older versions) are evicted least recently used.
/// Cold loads read and parse the file on the thread pool. A repository change of a task drops its unpinned resident
/// versions, so the next request loads them afresh; pinned ones are swapped by their grain.</item>
/// <item>Results: <see cref="InferenceResult.BatchSize"/> is the size of the forward pass that computed the image,
/// <see cref="InferenceResult.ComputeTime"/> that pass's time (including a merge), and
/// <see cref="EngineStatistics.Batches"/> counts forward passes.</item>
/// </list>
/// The engine converts the backbone to <see cref="InferenceEngineOptions.DType"/>, moves it to its device and freezes it, after
/// refusing a device that lacks the memory the configuration needs (<see cref="InsufficientDeviceMemoryException"/>); it disposes it on <see cref="DisposeAsync"/> unless
/// <c>leaveBackboneOpen</c>, in which case the backbone is handed back with no adapter merged (in the engine's precision).
/// <see cref="InferenceRequest.Pixels"/> is read when its batch runs, so callers must not change it meanwhile.
/// </summary>
public sealed class InferenceEngine : IInferenceEngine
{
    readonly InferenceEngineOptions _options;
    readonly IAdapterRepository _repository;
    readonly VitConfig _config;
    readonly EngineCounters _counters = new();
    readonly EngineTelemetry _telemetry;
    readonly DeviceWorker _worker;
    readonly ConcurrentDictionary<AdapterKey, AdapterPreprocessing> _preprocessing = new();
    int _disposed;

    public InferenceEngine(VisionTransformer backbone, IAdapterRepository repository, IOptions<InferenceEngineOptions> options,
        ILogger<InferenceEngine>? logger = null, bool leaveBackboneOpen = false)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(repository);
        var validation = new InferenceEngineOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (validation.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(InferenceEngineOptions), validation.Failures);
        _options = options.Value;
        _repository = repository;
        _config = backbone.Config;
        Capabilities = new EngineCapabilities(backbone.Identity, backbone.Config, _options.MaxRank);
        DeviceMemoryCheck.Ensure(backbone, _options);
        ConvertPrecision(backbone, _options.DType);
        _telemetry = new EngineTelemetry(_options, _counters);
        _worker = new DeviceWorker(backbone, leaveBackboneOpen, _options, repository, (ILogger?)logger ?? NullLogger.Instance, _counters, _telemetry);
        _repository.Changed += OnRepositoryChanged;
    }

    public IReadOnlyCollection<AdapterKey> ResidentAdapters => _counters.Resident;

    public int AdapterCapacity => _options.AdapterCapacity;

    public EngineCapabilities Capabilities { get; }

    public EngineStatistics Statistics => _counters.Snapshot();

    public async Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Validate(request);
        var key = await ResolveKeyAsync(request.TaskId, request.Version, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        if (!_counters.TryEnqueue(_options.QueueCapacity))
        {
            _telemetry.Answered(key.TaskId, "overloaded", TimeSpan.Zero);
            throw new EngineOverloadedException(_options.QueueCapacity);
        }
        var item = new InferenceWorkItem(request, key);
        item.CancelWith(_worker.Ring, cancellationToken);
        if (!_worker.TryEnqueue(item))
        {
            _counters.Dequeued();
            throw new ObjectDisposedException(nameof(InferenceEngine), "The inference engine is shutting down.");
        }
        try
        {
            var result = await item.Completion.ConfigureAwait(false);
            _telemetry.Answered(key.TaskId, "ok", Stopwatch.GetElapsedTime(item.EnqueuedAt));
            return result;
        }
        catch (Exception e)
        {
            _telemetry.Answered(key.TaskId, e is OperationCanceledException ? "cancelled" : "error", Stopwatch.GetElapsedTime(item.EnqueuedAt));
            throw;
        }
    }

    public async Task PinAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var key = await ResolveKeyAsync(taskId, version, cancellationToken).ConfigureAwait(false);
        var placed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_worker.Post(new PinAdapter(key, placed)))
            throw new ObjectDisposedException(nameof(InferenceEngine), "The inference engine is shutting down.");
        await placed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UnpinAsync(string taskId, string version)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _worker.Post(new UnpinAdapter(new AdapterKey(taskId, version), done)) ? done.Task : Task.CompletedTask;
    }

    /// <summary>
    /// The adapter version a request runs on. A resident version needs no repository read (with the directory store every
    /// read is file I/O, and the gateway names the version of every item). The active version is always read afresh: it is
    /// what a registry change alters, and a cached answer could outlive the change.
    /// </summary>
    async ValueTask<AdapterKey> ResolveKeyAsync(string taskId, string? version, CancellationToken cancellationToken)
    {
        if (version is not null && _counters.IsResident(new AdapterKey(taskId, version)))
            return new AdapterKey(taskId, version);
        var descriptor = await _repository.GetAsync(taskId, version, cancellationToken).ConfigureAwait(false)
            ?? throw new TaskNotFoundException(taskId, version);
        return new AdapterKey(descriptor.TaskId, descriptor.Version);
    }

    public async Task<ResolvedAdapter> ResolveAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        if (!AdapterTaskId.IsValid(taskId))
            throw new InvalidInferenceInputException("taskId", AdapterTaskId.Explain(taskId));
        var key = await ResolveKeyAsync(taskId, version, cancellationToken).ConfigureAwait(false);
        if (!_preprocessing.TryGetValue(key, out var preprocessing))
        {
            var descriptor = await _repository.GetAsync(key.TaskId, key.Version, cancellationToken).ConfigureAwait(false)
                ?? throw new TaskNotFoundException(taskId, version);
            var config = descriptor.Manifest.BackboneConfig ?? _config;
            preprocessing = descriptor.Manifest.Preprocessing ?? new AdapterPreprocessing(config.ImageSize, config.Mean, config.Std);
            _preprocessing[key] = preprocessing; // versions never change once stored
        }
        return new ResolvedAdapter(key, preprocessing);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _repository.Changed -= OnRepositoryChanged;
        await _worker.StopAsync().ConfigureAwait(false);
        _telemetry.Dispose();
    }

    /// <summary>Before the device thread starts: it runs adapters, heads and pixels in the dtype of the backbone's parameters.</summary>
    static void ConvertPrecision(VisionTransformer backbone, EngineDType dtype)
    {
        var type = dtype.ScalarType();
        if (backbone.parameters().All(p => p.dtype == type))
            return;
        using (torch.no_grad())
            backbone.to(type);
    }

    void OnRepositoryChanged(string taskId)
    {
        foreach (var key in _preprocessing.Keys.Where(k => k.TaskId == taskId))
            _preprocessing.TryRemove(key, out _); // a deleted version's id may be reused
        _worker.Post(new TaskChanged(taskId));
    }

    /// <summary>Messages name sizes and positions only, never pixel values.</summary>
    void Validate(InferenceRequest request)
    {
        if (!AdapterTaskId.IsValid(request.TaskId))
            throw new InvalidInferenceInputException("taskId", AdapterTaskId.Explain(request.TaskId));
        if (request.Pixels is null)
            throw new InvalidInferenceInputException("pixels", "Pixels are missing.");
        int size = request.ImageSize, patch = _config.PatchSize, channels = _config.Channels;
        if (size <= 0 || size % patch != 0)
            throw new InvalidInferenceInputException("imageSize", $"Image size {size} must be a positive multiple of the backbone's patch size {patch}.");
        long expected = (long)channels * size * size;
        if (request.Pixels.Length != expected)
            throw new InvalidInferenceInputException("pixels",
                $"Pixels hold {request.Pixels.Length} values, but a {size}x{size} image needs {channels}x{size}x{size} = {expected} (CHW order).");
        int bad = IndexOfNonFinite(request.Pixels);
        if (bad >= 0)
            throw new InvalidInferenceInputException("pixels", $"Pixel {bad} is NaN or infinite; normalised pixels must be finite.");
    }

    static int IndexOfNonFinite(float[] values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values, i);
                if (!Vector.EqualsAll(v - v, Vector<float>.Zero)) // x - x is 0 exactly when x is finite
                    break;
            }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                return i;
        return -1;
    }
}
