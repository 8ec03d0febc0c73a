namespace MeLo.Serving.Grains.Storage;

sealed class AdapterCatalogGrain([PersistentState("catalog", OrleansStorageAdapterRepository.StorageName)] IPersistentState<StoredCatalog> catalog)
    : Grain, IAdapterCatalogGrain
{
    public Task<string[]> ListAsync() => Task.FromResult(catalog.State.Tasks.ToArray());

    public Task SetAsync(string taskId, bool present)
    {
        bool changed = present ? catalog.State.Tasks.Add(taskId) : catalog.State.Tasks.Remove(taskId);
        return changed ? catalog.WriteStateAsync() : Task.CompletedTask;
    }
}
