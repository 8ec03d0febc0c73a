namespace MeLo.Serving.Grains.Storage;

sealed class AdapterTaskStoreGrain([PersistentState("task", OrleansStorageAdapterRepository.StorageName)] IPersistentState<StoredAdapterTask> task)
    : Grain, IAdapterTaskStoreGrain
{
    string TaskId => this.GetPrimaryKeyString();

    public Task<StoredAdapterTask> GetAsync() => Task.FromResult(task.State);

    public async Task<byte[]?> ReadAsync(string version) =>
        task.State.Versions.Any(v => v.Version == version) ? await Blob(version).ReadAsync() : null;

    public async Task<int> ReserveAsync()
    {
        task.State.LastVersion++;
        await task.WriteStateAsync();
        return task.State.LastVersion;
    }

    public async Task<StoredAdapterTask> AddAsync(StoredAdapterVersion version, byte[] file, bool activate)
    {
        // Bytes first: a version is listed only once its file is stored.
        await Blob(version.Version).WriteAsync(file);
        task.State.Versions.Add(version);
        if (activate || task.State.Active is null)
            task.State.Active = version.Version;
        await task.WriteStateAsync();
        await GrainFactory.GetGrain<IAdapterCatalogGrain>(IAdapterCatalogGrain.Key).SetAsync(TaskId, present: true);
        return task.State;
    }

    public async Task<bool> DeleteAsync(string? version)
    {
        var doomed = task.State.Versions.Where(v => version is null || v.Version == version).ToList();
        if (doomed.Count == 0)
            return false;
        task.State.Versions.RemoveAll(doomed.Contains);
        if (!task.State.Versions.Any(v => v.Version == task.State.Active))
            task.State.Active = task.State.Versions.LastOrDefault()?.Version;
        await task.WriteStateAsync();
        foreach (var gone in doomed)
            await Blob(gone.Version).ClearAsync();
        if (task.State.Versions.Count == 0)
            await GrainFactory.GetGrain<IAdapterCatalogGrain>(IAdapterCatalogGrain.Key).SetAsync(TaskId, present: false);
        return true;
    }

    public async Task<bool> SetActiveAsync(string version)
    {
        if (!task.State.Versions.Any(v => v.Version == version))
            return false;
        task.State.Active = version;
        await task.WriteStateAsync();
        return true;
    }

    IAdapterBlobGrain Blob(string version) => GrainFactory.GetGrain<IAdapterBlobGrain>($"{TaskId}/{version}");
}
