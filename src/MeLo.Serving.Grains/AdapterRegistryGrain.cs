using MeLo.Model.Adapters;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Placement;
using MeLo.Serving.Grains.Uploads;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace MeLo.Serving.Grains;

/// <summary>
/// The single writer of the silos' shared <see cref="IAdapterRepository"/>. Not reentrant, so changes are serialised.
/// Uploads are checked (<see cref="AdapterUploadValidator"/>) against what the serving silos report before they are stored;
/// each change is pushed to every subscribed silo and gateway before the call returns, which makes an upload servable
/// and a deletion unservable at once everywhere.
/// </summary>
sealed partial class AdapterRegistryGrain(
    IAdapterRepository repository, ServingLoadView view, AdapterUploadValidator uploads, IEnumerable<IInferenceEngine> localEngine,
    ILogger<AdapterRegistryGrain> logger)
    : Grain, IAdapterRegistryGrain
{
    static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    readonly ObserverManager<IAdapterRegistryObserver> _observers = new(3 * AdapterRegistrySubscription.RenewInterval, logger);

    public async Task<AdapterSummary[]> ListAsync(bool activeOnly)
    {
        var all = await repository.ListAsync();
        return [.. all.Where(d => !activeOnly || d.Active).Select(AdapterSummaries.From)];
    }

    public async Task<AdapterSummary> GetAsync(string taskId, string? version) =>
        AdapterSummaries.From(await Guarded(() => repository.GetAsync(taskId, version), "task") ?? throw NotFound(taskId, version));

    public async Task<AdapterSummary> PutAsync(string taskId, byte[] adapterFile, bool activate)
    {
        // Everything is checked before anything is stored: a refused upload leaves the task's versions as they were.
        using (var loaded = ParseUpload(adapterFile))
            if (uploads.Check(loaded.Manifest, await ServedBackbonesAsync()) is { } refused)
                throw new ServingFaultException(refused);
        var stored = await Guarded(() => repository.ListAsync(), "header.task");
        if (uploads.CheckQuota(taskId, adapterFile.LongLength, stored) is { } overQuota)
            throw new ServingFaultException(overQuota);
        var descriptor = await Guarded(() => repository.PutAsync(taskId, adapterFile, activate), "header.task");
        LogChanged("stored", taskId, descriptor.Version);
        await NotifyAsync(taskId);
        return AdapterSummaries.From(descriptor);
    }

    public async Task<bool> DeleteAsync(string taskId, string? version)
    {
        bool deleted = await Guarded(() => repository.DeleteAsync(taskId, version), "task");
        if (deleted)
        {
            LogChanged("deleted", taskId, version ?? "(all)");
            await NotifyAsync(taskId);
        }
        return deleted;
    }

    public async Task<AdapterSummary> SetActiveVersionAsync(string taskId, string version)
    {
        if (await Guarded(() => repository.GetAsync(taskId, version), "task") is null)
            throw NotFound(taskId, version);
        await Guarded(async () =>
        {
            await repository.SetActiveVersionAsync(taskId, version);
            return true;
        }, "version");
        LogChanged("activated", taskId, version);
        await NotifyAsync(taskId);
        return await GetAsync(taskId, version);
    }

    public Task<int> ServingSiloCountAsync() => Task.FromResult(view.FreshReports.Count());

    public Task SubscribeAsync(IAdapterRegistryObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IAdapterRegistryObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // An unreachable subscriber is dropped by the observer manager and renews itself later; it must not block changes.
    Task NotifyAsync(string taskId) => _observers.Notify(observer => observer.AdapterChangedAsync(taskId).WaitAsync(NotifyTimeout));

    /// <summary>What the serving silos can host, as they report it; this silo's own engine counts before its first report.</summary>
    async Task<IReadOnlyCollection<ServedBackbone>> ServedBackbonesAsync()
    {
        var served = Backbones(view.FreshReports);
        foreach (var engine in localEngine)
            served.Add(ServedBackbone.From(engine.Capabilities));
        // This silo's view is refreshed once a second, so just after a cluster starts it can lag the collector, which
        // already has the serving silos' first reports: ask the collector before refusing with "retry shortly".
        if (served.Count == 0)
            served = Backbones(await GrainFactory.GetGrain<IServingLoadGrain>(IServingLoadGrain.Key).ExchangeAsync(null));
        return served;
    }

    static HashSet<ServedBackbone> Backbones(IEnumerable<SiloServingReport> reports) =>
        reports.Select(r => r.Backbone).OfType<ServedBackbone>().ToHashSet();

    static LoadedAdapter ParseUpload(byte[] adapterFile)
    {
        try
        {
            return AdapterFile.Load(adapterFile);
        }
        catch (AdapterFormatException e)
        {
            throw new ServingFaultException(FaultKind.InvalidArgument, $"The upload is not a valid adapter file: {ClientText.Clip(e.Message)}", "chunk");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Untrusted bytes: some malformed files escape the parser as other exception types, whose text says nothing useful.
            throw new ServingFaultException(FaultKind.InvalidArgument, "The upload is not a valid adapter file.", "chunk");
        }
    }

    /// <summary>Repository failures as faults: a bad task id (ArgumentException) names <paramref name="idField"/>.</summary>
    static async Task<T> Guarded<T>(Func<Task<T>> operation, string idField)
    {
        try
        {
            return await operation();
        }
        catch (ArgumentException e)
        {
            throw new ServingFaultException(FaultKind.InvalidArgument, e.Message, idField);
        }
        catch (Exception e) when (EngineFaults.From(e, CancellationToken.None) is { } fault)
        {
            throw new ServingFaultException(fault);
        }
    }

    static ServingFaultException NotFound(string taskId, string? version) =>
        new(FaultKind.NotFound, version is null ? $"Unknown task '{taskId}'." : $"Task '{taskId}' has no adapter version '{version}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Adapter {Change}: task {TaskId}, version {Version}.")]
    partial void LogChanged(string change, string taskId, string version);
}
