namespace MeLo.Serving.Grains.Storage;

/// <summary>One adapter file's bytes (key "task/version"), kept apart so that listing a task never loads them.</summary>
[Alias("melo.IAdapterBlobGrain")]
public interface IAdapterBlobGrain : IGrainWithStringKey
{
    [Alias("Read")]
    Task<byte[]?> ReadAsync();

    [Alias("Write")]
    Task WriteAsync(byte[] data);

    [Alias("Clear")]
    Task ClearAsync();
}
