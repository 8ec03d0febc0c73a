namespace MeLo.Serving.Engine.Repository;

/// <summary>
/// Where adapter files live: one file per task version, versions kept. Uploads are atomic (a half-uploaded adapter is
/// never listed or served) and validated with <see cref="MeLo.Model.Adapters.AdapterFile"/> before they become visible.
/// The first version of a task becomes active; later ones become active only when asked.
/// </summary>
public interface IAdapterRepository
{
    Task<IReadOnlyList<AdapterDescriptor>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The given version, or the active one when <paramref name="version"/> is null; null if absent.</summary>
    Task<AdapterDescriptor?> GetAsync(string taskId, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>The adapter file's bytes (for loading onto a device).</summary>
    Task<byte[]> ReadAsync(string taskId, string version, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version; returns it. <paramref name="activate"/> makes it the task's active version.</summary>
    Task<AdapterDescriptor> PutAsync(string taskId, byte[] adapterFile, bool activate, CancellationToken cancellationToken = default);

    /// <summary>Deletes one version, or every version of the task when <paramref name="version"/> is null. False if absent.</summary>
    Task<bool> DeleteAsync(string taskId, string? version = null, CancellationToken cancellationToken = default);

    Task SetActiveVersionAsync(string taskId, string version, CancellationToken cancellationToken = default);

    /// <summary>Raised after any change, so engines can drop stale resident adapters.</summary>
    event Action<string>? Changed;
}
