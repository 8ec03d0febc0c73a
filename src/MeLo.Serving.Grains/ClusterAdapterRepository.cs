using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Grains;

/// <summary>
/// A silo's view of the adapter store that all silos share (a shared directory or grain storage). Forwards every call,
/// and also raises <see cref="Changed"/> for changes the registry made on other silos, so that this silo's engine drops
/// stale resident adapters just as it would for a local change.
/// </summary>
public sealed class ClusterAdapterRepository : IAdapterRepository, IAdapterChangeListener
{
    readonly IAdapterRepository _store;

    public ClusterAdapterRepository(IAdapterRepository store)
    {
        _store = store;
        _store.Changed += taskId => Changed?.Invoke(taskId);
    }

    public event Action<string>? Changed;

    public void OnAdapterChanged(string taskId) => Changed?.Invoke(taskId);

    public Task<IReadOnlyList<AdapterDescriptor>> ListAsync(CancellationToken cancellationToken = default) => _store.ListAsync(cancellationToken);

    public Task<AdapterDescriptor?> GetAsync(string taskId, string? version = null, CancellationToken cancellationToken = default) =>
        _store.GetAsync(taskId, version, cancellationToken);

    public Task<byte[]> ReadAsync(string taskId, string version, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(taskId, version, cancellationToken);

    public Task<AdapterDescriptor> PutAsync(string taskId, byte[] adapterFile, bool activate, CancellationToken cancellationToken = default) =>
        _store.PutAsync(taskId, adapterFile, activate, cancellationToken);

    public Task<bool> DeleteAsync(string taskId, string? version = null, CancellationToken cancellationToken = default) =>
        _store.DeleteAsync(taskId, version, cancellationToken);

    public Task SetActiveVersionAsync(string taskId, string version, CancellationToken cancellationToken = default) =>
        _store.SetActiveVersionAsync(taskId, version, cancellationToken);
}
