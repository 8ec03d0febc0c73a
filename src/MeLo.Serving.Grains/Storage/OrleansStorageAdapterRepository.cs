using System.Collections.Concurrent;
using MeLo.Model.Adapters;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Grains.Storage;

/// <summary>
/// <see cref="IAdapterRepository"/> in Orleans grain storage (provider <see cref="StorageName"/>), for clusters whose silos
/// share no disk: one grain per task with its versions, one per adapter file, and a catalog of tasks. Same rules as
/// <see cref="DirectoryAdapterRepository"/>: uploads are validated first, labels v1, v2, … are never reused, the stored
/// manifest names the task and version. Every call is a grain call, so engines look the active version up remotely.
/// </summary>
public sealed class OrleansStorageAdapterRepository(IGrainFactory grains) : IAdapterRepository
{
    public const string StorageName = "melo-adapters";

    // Versions are immutable, so their parsed manifests can be cached for the life of the process.
    readonly ConcurrentDictionary<(string TaskId, string Version), AdapterManifest> _manifests = new();

    public event Action<string>? Changed;

    public async Task<IReadOnlyList<AdapterDescriptor>> ListAsync(CancellationToken cancellationToken = default)
    {
        var descriptors = new List<AdapterDescriptor>();
        foreach (var taskId in await grains.GetGrain<IAdapterCatalogGrain>(IAdapterCatalogGrain.Key).ListAsync())
        {
            var stored = await Store(taskId).GetAsync();
            descriptors.AddRange(stored.Versions.Select(v => Describe(taskId, v, stored.Active)));
        }
        return descriptors;
    }

    public async Task<AdapterDescriptor?> GetAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        var stored = await Store(taskId).GetAsync();
        version ??= stored.Active;
        return stored.Versions.FirstOrDefault(v => v.Version == version) is { } found ? Describe(taskId, found, stored.Active) : null;
    }

    public async Task<byte[]> ReadAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        return await Store(taskId).ReadAsync(version) ?? throw new TaskNotFoundException(taskId, version);
    }

    public async Task<AdapterDescriptor> PutAsync(string taskId, byte[] adapterFile, bool activate, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        using var loaded = Validate(adapterFile);
        var store = Store(taskId);
        var label = $"v{await store.ReserveAsync()}";
        var manifest = loaded.Manifest with { TaskId = taskId, Version = label };
        var file = AdapterFile.Serialize(loaded.Adapter, manifest, Enum.Parse<AdapterDType>(loaded.Manifest.DType, ignoreCase: true));
        var version = new StoredAdapterVersion { Version = label, SizeBytes = file.LongLength, ManifestJson = manifest.ToJson() };
        var stored = await store.AddAsync(version, file, activate);
        Changed?.Invoke(taskId);
        return Describe(taskId, version, stored.Active);
    }

    public async Task<bool> DeleteAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        bool deleted = await Store(taskId).DeleteAsync(version);
        if (deleted)
            Changed?.Invoke(taskId);
        return deleted;
    }

    public async Task SetActiveVersionAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        AdapterTaskId.EnsureValid(taskId);
        if (!await Store(taskId).SetActiveAsync(version))
            throw new TaskNotFoundException(taskId, version);
        Changed?.Invoke(taskId);
    }

    IAdapterTaskStoreGrain Store(string taskId) => grains.GetGrain<IAdapterTaskStoreGrain>(taskId);

    AdapterDescriptor Describe(string taskId, StoredAdapterVersion version, string? active) => new(
        taskId, version.Version, version.Version == active, version.SizeBytes,
        _manifests.GetOrAdd((taskId, version.Version), _ => AdapterManifest.FromJson(version.ManifestJson)));

    static LoadedAdapter Validate(byte[] adapterFile)
    {
        try
        {
            return AdapterFile.Load(adapterFile);
        }
        catch (Exception e) when (e is not AdapterFormatException and not OutOfMemoryException)
        {
            // Uploads are untrusted bytes; some malformed headers escape the parser as other exception types.
            throw new AdapterFormatException($"not a valid adapter file: {e.Message}");
        }
    }
}
