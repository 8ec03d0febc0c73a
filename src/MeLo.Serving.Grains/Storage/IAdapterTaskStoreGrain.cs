namespace MeLo.Serving.Grains.Storage;

/// <summary>
/// One task's versions in grain storage (key: task id). Writes are serialised by the grain, version numbers are never
/// reused, the first version becomes active, and deleting the active version activates the newest remaining one.
/// </summary>
[Alias("melo.IAdapterTaskStoreGrain")]
public interface IAdapterTaskStoreGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<StoredAdapterTask> GetAsync();

    [Alias("Read")]
    Task<byte[]?> ReadAsync(string version);

    /// <summary>Issues the next version number (the caller writes it into the manifest before <see cref="AddAsync"/>).</summary>
    [Alias("Reserve")]
    Task<int> ReserveAsync();

    [Alias("Add")]
    Task<StoredAdapterTask> AddAsync(StoredAdapterVersion version, byte[] file, bool activate);

    /// <summary>One version, or all when <paramref name="version"/> is null; false if there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string? version);

    /// <summary>False if the version does not exist.</summary>
    [Alias("SetActive")]
    Task<bool> SetActiveAsync(string version);
}
