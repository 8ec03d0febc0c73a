using System.Diagnostics;
using System.Threading.Channels;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// The one thread that touches the device. TorchSharp's grad/inference mode and dispose scopes are thread-local and do not
/// survive awaits, so everything here is synchronous on a dedicated thread, fed by a bounded channel of requests and an
/// unbounded channel of <see cref="DeviceCommand"/>s, and woken by a doorbell. Cold loads run on the thread pool
/// (<see cref="AdapterLoader"/>) and arrive as <see cref="AdapterLoaded"/>; the thread only copies ready adapters onto the
/// device. What runs next is <see cref="BatchPlanner"/>'s decision.
/// Each loop: apply commands, take new requests, start loads that queued requests or pins need, place pinned adapters
/// that arrived, then run the planned batch or sleep until the plan's deadline or the doorbell.
/// Over 400 lines on purpose: what is left here is the state only this thread may touch (residency, pins, the executor)
/// and the loop's steps over it; the decisions (<see cref="BatchPlanner"/>) and the file work (<see cref="AdapterLoader"/>)
/// are already outside, and splitting the rest would hand thread-confined state to other types.
/// </summary>
internal sealed class DeviceWorker : IAdapterSlots
{
    readonly VisionTransformer _backbone;
    readonly bool _leaveBackboneOpen;
    readonly InferenceEngineOptions _options;
    readonly ILogger _logger;
    readonly EngineCounters _counters;
    readonly EngineTelemetry _telemetry;
    readonly Device _device;
    readonly ScalarType _dtype;
    readonly AdapterLoader _loader;
    readonly BatchPlanner _planner;
    readonly Channel<InferenceWorkItem> _requests;
    readonly Channel<DeviceCommand> _commands = Channel.CreateUnbounded<DeviceCommand>(new UnboundedChannelOptions { SingleReader = true });
    readonly ManualResetEventSlim _doorbell = new(false);
    readonly CancellationTokenSource _shutdown = new();
    readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile bool _stopping;

    // Device-thread state.
    readonly List<InferenceWorkItem> _pending = [];
    readonly HashSet<AdapterKey> _awaited = [];
    readonly Dictionary<AdapterKey, AdapterLoaded> _staged = [];
    readonly Dictionary<AdapterKey, LoadTicket> _loading = [];
    readonly Dictionary<AdapterKey, List<TaskCompletionSource>> _pinWaiters = [];
    BatchExecutor? _executor;
    AdapterResidency? _residency;

    public DeviceWorker(VisionTransformer backbone, bool leaveBackboneOpen, InferenceEngineOptions options, IAdapterRepository repository,
        ILogger logger, EngineCounters counters, EngineTelemetry telemetry)
    {
        _backbone = backbone;
        _leaveBackboneOpen = leaveBackboneOpen;
        _options = options;
        _logger = logger;
        _counters = counters;
        _telemetry = telemetry;
        _device = ResolveDevice(options.Device);
        var reference = backbone.parameters().First();
        _dtype = reference.dtype;
        _loader = new AdapterLoader(repository, backbone, options, reference.ElementSize);
        _planner = new BatchPlanner(options);
        _requests = Channel.CreateBounded<InferenceWorkItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails fast instead of dropping anything
        });

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() => Run(started)) { IsBackground = true, Name = $"melo-device-{options.Device}" }.Start();
        started.Task.GetAwaiter().GetResult(); // surfaces a bad device or backbone at construction
    }

    public bool TryEnqueue(InferenceWorkItem item)
    {
        if (!_requests.Writer.TryWrite(item))
            return false;
        _doorbell.Set();
        return true;
    }

    /// <summary>False once the worker has stopped.</summary>
    public bool Post(DeviceCommand command)
    {
        if (!_commands.Writer.TryWrite(command))
            return false;
        _doorbell.Set();
        return true;
    }

    public void Ring() => _doorbell.Set();

    public Task StopAsync()
    {
        _stopping = true;
        _requests.Writer.TryComplete();
        _shutdown.Cancel();
        _doorbell.Set();
        return _stopped.Task;
    }

    // IAdapterSlots, for the planner (device thread).
    public bool IsReady(AdapterKey key) => _residency!.TryGet(key, out _) || _staged.ContainsKey(key);
    public bool IsPinned(AdapterKey key) => _residency!.IsPinned(key);
    public long BytesOf(AdapterKey key) => _residency!.TryGet(key, out var resident) ? resident.Bytes : _staged[key].Bytes;
    public int PinnedCount => _residency!.PinnedCount;
    public long PinnedBytes => _residency!.PinnedBytes;

    void Run(TaskCompletionSource started)
    {
        Activity.Current = null; // the thread inherited its creator's span; batches serve many traces and start their own
        try
        {
            Initialize();
            started.SetResult();
        }
        catch (Exception e)
        {
            started.SetException(e);
            _stopped.SetResult();
            return;
        }
        // Held for the thread's life: serving never needs autograd, and inference mode avoids TorchSharp's leaks in threads.
        using var inference = inference_mode();
        _counters.DeviceThread(alive: true);
        try
        {
            Loop();
        }
        finally
        {
            _counters.DeviceThread(alive: false);
            Shutdown();
            _stopped.TrySetResult();
        }
    }

    void Initialize()
    {
        // Outside inference mode, so that the weights stay ordinary tensors for whoever else holds the backbone.
        using (no_grad())
            _backbone.to(_device);
        _backbone.Freeze();
        _backbone.eval();
        _executor = _options.Policy == SchedulingPolicy.Mixed
            ? new MixedBatchExecutor(_backbone, _options.AdapterCapacity, _options.MaxRank)
            : new GroupedBatchExecutor(_backbone, _options.GroupedSwitchMode, _device, _counters);
        _residency = new AdapterResidency(_executor, _options.AdapterCapacity, _options.AdapterCapacityBytes, _counters);
    }

    /// <summary>The options validator guarantees "cpu" or "cuda:N"; here we check that the device exists.</summary>
    static Device ResolveDevice(string name)
    {
        if (name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException(
                    $"Device '{name}' was requested but CUDA is not available (a CPU build? GPU images are built with -p:TorchBackend=cuda).");
            int index = int.Parse(name["cuda:".Length..], System.Globalization.CultureInfo.InvariantCulture);
            if (index >= cuda.device_count())
                throw new InvalidOperationException($"Device '{name}' was requested but this machine has {cuda.device_count()} CUDA device(s).");
        }
        return torch.device(name);
    }

    void Loop()
    {
        while (true)
        {
            IReadOnlyList<InferenceWorkItem>? batch = null;
            try
            {
                _doorbell.Reset(); // before looking, so that a ring while we look is not lost
                ApplyCommands();
                while (_requests.Reader.TryRead(out var item))
                    _pending.Add(item);
                if (_stopping)
                    return;
                Reconcile();
                PlacePinned();
                var plan = _planner.Plan(_pending, this, Stopwatch.GetTimestamp());
                batch = plan.Batch;
                if (batch is null)
                    _doorbell.Wait(plan.Wait);
                else
                {
                    var taken = batch.ToHashSet();
                    _counters.Dequeued(_pending.RemoveAll(taken.Contains));
                    Execute(batch);
                }
            }
            catch (Exception e)
            {
                // A bug, not a bad request (those fail inside Execute). Answer what this turn held and keep serving.
                _logger.LogError(e, "Device loop failed; failing {Count} request(s).", batch?.Count ?? _pending.Count);
                FailAll(batch ?? _pending, e);
                if (batch is null)
                {
                    _counters.Dequeued(_pending.Count);
                    _pending.Clear();
                }
            }
        }
    }

    void ApplyCommands()
    {
        while (_commands.Reader.TryRead(out var command))
        {
            switch (command)
            {
                case AdapterLoaded loaded when IsCurrent(loaded.Key, loaded.Ticket):
                    _loading.Remove(loaded.Key);
                    _staged[loaded.Key] = loaded;
                    break;
                case AdapterLoaded superseded:
                    superseded.Adapter.Dispose();
                    break;
                // While stopping, a load fails because we cancelled it; Shutdown answers its requests as disposed instead.
                case AdapterLoadFailed failed when IsCurrent(failed.Key, failed.Ticket) && !_stopping:
                    _loading.Remove(failed.Key);
                    FailPending(failed.Key, failed.Error);
                    FailPins(failed.Key, failed.Error);
                    break;
                case AdapterLoadFailed:
                    break;
                case TaskChanged changed:
                    // Pinned versions belong to grains, which swap them themselves; the rest may be stale.
                    _residency!.DropUnpinned(changed.TaskId);
                    foreach (var key in _staged.Keys.Where(k => k.TaskId == changed.TaskId && !IsPinned(k)).ToList())
                        Unstage(key);
                    // Loads under way may read what just changed; forget them, and Reconcile starts fresh ones.
                    foreach (var key in _loading.Keys.Where(k => k.TaskId == changed.TaskId).ToList())
                        _loading.Remove(key);
                    break;
                case PinAdapter pin:
                    _residency!.Pin(pin.Key);
                    if (_residency.TryGet(pin.Key, out _))
                        pin.Placed.TrySetResult();
                    else
                        WaitersOf(pin.Key).Add(pin.Placed);
                    break;
                case UnpinAdapter unpin:
                    if (_residency!.Unpin(unpin.Key) && !_pending.Any(item => item.Key == unpin.Key))
                    {
                        _residency.Drop(unpin.Key);
                        if (_staged.ContainsKey(unpin.Key))
                            Unstage(unpin.Key);
                    }
                    unpin.Done.TrySetResult();
                    break;
            }
        }
    }

    List<TaskCompletionSource> WaitersOf(AdapterKey key)
    {
        if (!_pinWaiters.TryGetValue(key, out var waiters))
            _pinWaiters[key] = waiters = [];
        return waiters;
    }

    bool IsCurrent(AdapterKey key, LoadTicket ticket) => _loading.TryGetValue(key, out var current) && current == ticket;

    /// <summary>Drops cancelled items, frees staged adapters nobody needs, and starts loads that requests or pins need.</summary>
    void Reconcile()
    {
        int removed = _pending.RemoveAll(item => item.IsDone);
        _counters.Dequeued(removed);
        _awaited.Clear();
        foreach (var item in _pending)
            _awaited.Add(item.Key);
        foreach (var key in _staged.Keys.Where(k => !_awaited.Contains(k) && !IsPinned(k)).ToList())
            Unstage(key);
        foreach (var key in _awaited.Concat(_residency!.Pinned).Distinct())
            if (!IsReady(key) && !_loading.ContainsKey(key))
                StartLoad(key);
    }

    /// <summary>Pinned adapters go onto the device as soon as they are loaded, not with their first batch.</summary>
    void PlacePinned()
    {
        foreach (var key in _pinWaiters.Keys.Where(_staged.ContainsKey).ToList())
        {
            var staged = _staged[key];
            _staged.Remove(key);
            try
            {
                _residency!.Place(key, staged.Adapter, staged.Bytes, new HashSet<AdapterKey> { key }, _awaited);
                foreach (var waiter in _pinWaiters[key])
                    waiter.TrySetResult();
                _pinWaiters.Remove(key);
            }
            catch (Exception e)
            {
                if (e is not AdapterCapacityExceededException)
                    _logger.LogError(e, "Placing pinned adapter {Adapter} on {Device} failed.", key, _options.Device);
                FailPins(key, e);
                FailPending(key, e);
            }
        }
    }

    void Execute(IReadOnlyList<InferenceWorkItem> batch)
    {
        var needed = batch.Select(item => item.Key).ToHashSet();
        var adapters = new Dictionary<AdapterKey, ResidentAdapter>();
        foreach (var key in needed)
        {
            if (!_residency!.TryGet(key, out var adapter))
            {
                var staged = _staged[key];
                _staged.Remove(key);
                try
                {
                    // No dispose scope here: the stack's heads and moved modules are created now and must outlive this batch.
                    adapter = _residency.Place(key, staged.Adapter, staged.Bytes, needed, _awaited);
                }
                catch (Exception e)
                {
                    if (e is not AdapterCapacityExceededException)
                        _logger.LogError(e, "Placing adapter {Adapter} on {Device} failed.", key, _options.Device);
                    FailAll(batch.Where(item => item.Key == key), e);
                    continue;
                }
            }
            _residency.Touch(adapter);
            adapters[key] = adapter;
        }
        var entries = batch.Where(item => adapters.ContainsKey(item.Key)).Select(item => new BatchEntry(item, adapters[item.Key])).ToList();
        foreach (var pass in _executor!.Passes(entries))
            RunPass(pass);
    }

    void RunPass(IReadOnlyList<BatchEntry> pass)
    {
        var live = pass.Where(entry => !entry.Item.IsDone).ToList(); // cancelled while queued: never computed
        if (live.Count == 0)
            return;
        long start = Stopwatch.GetTimestamp();
        long switches = _counters.Switches;
        var activity = _telemetry.StartForward(live, start);
        bool succeeded = false;
        try
        {
            using var scope = NewDisposeScope();
            var logits = _executor!.Forward(live, Pixels(live));
            var probabilities = live.Select((entry, i) => ResultBuilder.Probabilities(logits[i], entry.Adapter.Manifest)).ToArray();
            long end = Stopwatch.GetTimestamp();
            _counters.Pass(live.Count);
            succeeded = true;
            for (int i = 0; i < live.Count; i++)
                live[i].Item.TrySucceed(ResultBuilder.Build(live[i], probabilities[i], start, end, live.Count));
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Forward pass of {Count} image(s) on {Device} failed.", live.Count, _options.Device);
            _counters.PassFailed();
            FailAll(live.Select(entry => entry.Item), e);
        }
        finally
        {
            _telemetry.Forwarded(activity, live.Count, _counters.Switches - switches, Stopwatch.GetElapsedTime(start), succeeded);
        }
    }

    Tensor Pixels(IReadOnlyList<BatchEntry> pass)
    {
        int size = pass[0].Item.ImageSize, channels = _backbone.Config.Channels;
        int imageLength = channels * size * size;
        var data = new float[pass.Count * imageLength];
        for (int i = 0; i < pass.Count; i++)
            pass[i].Item.Request.Pixels.CopyTo(data, i * imageLength);
        return tensor(data, [pass.Count, channels, size, size]).to(_dtype, _device);
    }

    void StartLoad(AdapterKey key)
    {
        var ticket = new LoadTicket();
        _loading[key] = ticket;
        _ = Task.Run(async () =>
        {
            DeviceCommand command;
            long start = Stopwatch.GetTimestamp();
            try
            {
                var (loaded, bytes) = await _loader.LoadAsync(key, _shutdown.Token).ConfigureAwait(false);
                command = new AdapterLoaded(key, ticket, loaded, bytes);
            }
            catch (Exception e)
            {
                command = new AdapterLoadFailed(key, ticket, e);
            }
            _telemetry.Loaded(Stopwatch.GetElapsedTime(start), command is AdapterLoaded);
            if (!Post(command) && command is AdapterLoaded orphan)
                orphan.Adapter.Dispose(); // the engine stopped meanwhile
        });
    }

    void Unstage(AdapterKey key)
    {
        _staged[key].Adapter.Dispose();
        _staged.Remove(key);
    }

    void FailPending(AdapterKey key, Exception error)
    {
        var failed = _pending.Where(item => item.Key == key).ToList();
        FailAll(failed, error);
        _counters.Dequeued(_pending.RemoveAll(item => item.Key == key));
    }

    /// <summary>Pins whose adapter cannot be placed fail, and end: the grain that asked holds nothing.</summary>
    void FailPins(AdapterKey key, Exception error)
    {
        if (!_pinWaiters.Remove(key, out var waiters))
            return;
        foreach (var waiter in waiters)
        {
            _residency!.Unpin(key);
            waiter.TrySetException(error);
        }
    }

    static void FailAll(IEnumerable<InferenceWorkItem> items, Exception error)
    {
        foreach (var item in items)
            item.TryFail(error);
    }

    /// <summary>Answers everything still queued, frees the device and hands the backbone back unmerged (or disposes it).</summary>
    void Shutdown()
    {
        _commands.Writer.TryComplete();
        while (_requests.Reader.TryRead(out var item))
            _pending.Add(item);
        var disposed = new ObjectDisposedException(nameof(InferenceEngine), "The inference engine was disposed before this request ran.");
        FailAll(_pending, disposed);
        _counters.Dequeued(_pending.Count);
        _pending.Clear();
        while (_commands.Reader.TryRead(out var command))
            switch (command)
            {
                case AdapterLoaded loaded:
                    loaded.Adapter.Dispose();
                    break;
                case PinAdapter pin:
                    pin.Placed.TrySetException(disposed);
                    break;
                case UnpinAdapter unpin:
                    unpin.Done.TrySetResult();
                    break;
            }
        foreach (var waiters in _pinWaiters.Values)
            foreach (var waiter in waiters)
                waiter.TrySetException(disposed);
        _pinWaiters.Clear();
        foreach (var key in _staged.Keys.ToList())
            Unstage(key);
        try
        {
            _residency?.Clear();
            _executor?.Dispose();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Freeing adapters on {Device} failed.", _options.Device);
        }
        if (!_leaveBackboneOpen)
            _backbone.Dispose();
    }
}
