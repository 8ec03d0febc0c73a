namespace MeLo.Serving.Grains.Storage;

/// <summary>The task ids that have versions in grain storage (key <see cref="Key"/>).</summary>
[Alias("melo.IAdapterCatalogGrain")]
public interface IAdapterCatalogGrain : IGrainWithStringKey
{
    public const string Key = "catalog";

    [Alias("List")]
    Task<string[]> ListAsync();

    [Alias("Set")]
    Task SetAsync(string taskId, bool present);
}
