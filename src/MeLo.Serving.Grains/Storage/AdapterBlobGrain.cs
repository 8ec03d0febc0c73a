namespace MeLo.Serving.Grains.Storage;

sealed class AdapterBlobGrain([PersistentState("blob", OrleansStorageAdapterRepository.StorageName)] IPersistentState<StoredBlob> blob)
    : Grain, IAdapterBlobGrain
{
    public Task<byte[]?> ReadAsync() => Task.FromResult(blob.RecordExists ? blob.State.Data : null);

    public Task WriteAsync(byte[] data)
    {
        blob.State.Data = data;
        return blob.WriteStateAsync();
    }

    public Task ClearAsync() => blob.ClearStateAsync();
}
