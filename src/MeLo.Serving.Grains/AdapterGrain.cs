using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime.Placement;

namespace MeLo.Serving.Grains;

/// <summary>
/// Owns one task's adapter on this silo: activation pins the task's active version on the engine (a cold load), and
/// deactivation (Orleans' idle collection, a release to make room, a migration) unpins it, so grain lifetime and adapter
/// residency are one lifecycle. A registry change makes the grain pin the new active version before it lets the old one
/// go. Reentrant: the engine batches items across calls and tasks. Replicas ("task#k") spread a hot task over silos.
/// Items name the version the gateway resolved; an item for another version than the pinned one still runs (the engine
/// loads it on demand and evicts it by LRU).
/// </summary>
[Reentrant]
[AdapterPlacement]
sealed partial class AdapterGrain(
    IInferenceEngine engine, ILocalSiloDetails silo, LocalAdapterActivations activations, IGrainFactory grains,
    IOptions<AdapterGrainOptions> options, ILogger<AdapterGrain> logger) : Grain, IAdapterGrain, IAdapterGrainControl
{
    readonly SemaphoreSlim _swap = new(1, 1); // serialises pin changes; calls may interleave
    ResolvedAdapter? _pinned;

    string Key => this.GetPrimaryKeyString();

    string TaskId => AdapterGrainKey.TaskOf(Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activations.Activated(Key);
        await RefreshAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activations.Deactivated(Key);
        await UnpinAsync();
    }

    public Task<DiagnosisOutcome[]> DiagnoseAsync(PreparedImage[] items, CancellationToken cancellationToken)
    {
        activations.Used(Key);
        return Task.WhenAll(items.Select(item => DiagnoseAsync(item, cancellationToken)));
    }

    public async Task<AdapterResolution> ResolveAsync(string? version, CancellationToken cancellationToken)
    {
        try
        {
            // Read afresh, not from the pin: right after a registry change the pin may still be the previous version.
            var resolved = await engine.ResolveAsync(TaskId, version, cancellationToken);
            var preprocessing = resolved.Preprocessing;
            return new AdapterResolution
            {
                Version = resolved.Key.Version,
                Preprocessing = new PreprocessingSettings { ImageSize = preprocessing.ImageSize, Mean = preprocessing.Mean, Std = preprocessing.Std },
            };
        }
        catch (Exception e) when (EngineFaults.From(e, cancellationToken) is { } fault)
        {
            throw new ServingFaultException(fault);
        }
    }

    public async Task RefreshAsync()
    {
        await _swap.WaitAsync();
        try
        {
            ResolvedAdapter? active;
            try
            {
                active = await engine.ResolveAsync(TaskId);
            }
            catch (Exception e) when (e is TaskNotFoundException or InvalidInferenceInputException)
            {
                active = null; // deleted, not uploaded yet, or no valid task id: items get the engine's own error
            }
            if (active?.Key == _pinned?.Key)
                return;
            if (active is not null && !await TryPinAsync(active.Key))
                active = null;
            // The new version is resident before the old one goes, so items in flight for either keep running.
            var previous = _pinned;
            _pinned = active;
            if (previous is not null)
                await engine.UnpinAsync(previous.Key.TaskId, previous.Key.Version);
        }
        finally
        {
            _swap.Release();
        }
    }

    public async Task ReleaseAsync()
    {
        DeactivateOnIdle();
        await UnpinAsync(); // now, not at deactivation: the silo that asked needs the room
    }

    public Task MigrateToAsync(SiloAddress target)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        MigrateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Pins, asking this silo's least recently used grains to release theirs while the device is full.</summary>
    async Task<bool> TryPinAsync(AdapterKey key)
    {
        for (int releases = 0; ; releases++)
        {
            try
            {
                await engine.PinAsync(key.TaskId, key.Version);
                return true;
            }
            catch (AdapterCapacityExceededException) when (releases < options.Value.MaxReleasesPerActivation
                && activations.LeastRecentlyUsed(except: Key) is { } victim)
            {
                LogMakingRoom(key.TaskId, AdapterGrainKey.TaskOf(victim));
                await grains.GetGrain<IAdapterGrainControl>(victim).ReleaseAsync();
            }
            catch (Exception e)
            {
                // Unhostable, mismatched or full: items still get the engine's own error (or run unpinned), so the
                // activation itself must not fail.
                LogPinFailed(key.TaskId, e.GetType().Name);
                return false;
            }
        }
    }

    async Task UnpinAsync()
    {
        await _swap.WaitAsync();
        try
        {
            if (_pinned is { } pinned)
            {
                _pinned = null;
                await engine.UnpinAsync(pinned.Key.TaskId, pinned.Key.Version);
            }
        }
        finally
        {
            _swap.Release();
        }
    }

    async Task<DiagnosisOutcome> DiagnoseAsync(PreparedImage item, CancellationToken cancellationToken)
    {
        using var activity = GrainTelemetry.StartItem(item, TaskId);
        try
        {
            var version = item.Version ?? _pinned?.Key.Version;
            var result = await engine.InferAsync(new InferenceRequest(TaskId, item.Pixels, item.ImageSize, version), cancellationToken);
            return DiagnosisOutcome.Success(new Diagnosis
            {
                TaskId = result.TaskId,
                AdapterVersion = result.AdapterVersion,
                Labels = [.. result.Labels],
                Probabilities = result.Probabilities,
                PredictedLabels = [.. result.PredictedLabels],
                QueueTime = result.QueueTime,
                ComputeTime = result.ComputeTime,
                BatchSize = result.BatchSize,
                Silo = silo.Name,
            });
        }
        catch (Exception e)
        {
            if (EngineFaults.From(e, cancellationToken) is { } fault)
                return DiagnosisOutcome.Failure(fault);
            // Only the exception type and task: messages of unexpected exceptions might quote input.
            LogUnexpected(TaskId, e.GetType().FullName);
            return DiagnosisOutcome.Failure(new ServingFault { Kind = FaultKind.Internal, Message = "Internal error while diagnosing the item." });
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while diagnosing an item of task {TaskId}.")]
    partial void LogUnexpected(string taskId, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device full: task {TaskId} asks task {VictimTaskId}'s grain to release its adapter.")]
    partial void LogMakingRoom(string taskId, string victimTaskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not pin the adapter of task {TaskId} ({Error}); its items run unpinned.")]
    partial void LogPinFailed(string taskId, string error);
}
