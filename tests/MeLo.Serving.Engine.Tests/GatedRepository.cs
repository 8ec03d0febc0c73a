using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Engine.Tests;

/// <summary>
/// Holds every adapter read until <see cref="Open"/>, so that requests stay queued as long as a test needs; counts lookups.
/// </summary>
sealed class GatedRepository(IAdapterRepository inner) : IAdapterRepository
{
    readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public void Open() => _gate.TrySetResult();

    public event Action<string>? Changed
    {
        add => inner.Changed += value;
        remove => inner.Changed -= value;
    }

    public async Task<byte[]> ReadAsync(string taskId, string version, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.ReadAsync(taskId, version, cancellationToken);
    }

    public Task<IReadOnlyList<AdapterDescriptor>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    public Task<AdapterDescriptor?> GetAsync(string taskId, string? version = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.GetAsync(taskId, version, cancellationToken);
    }
    public Task<AdapterDescriptor> PutAsync(string taskId, byte[] adapterFile, bool activate, CancellationToken cancellationToken = default) => inner.PutAsync(taskId, adapterFile, activate, cancellationToken);
    public Task<bool> DeleteAsync(string taskId, string? version = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(taskId, version, cancellationToken);
    public Task SetActiveVersionAsync(string taskId, string version, CancellationToken cancellationToken = default) => inner.SetActiveVersionAsync(taskId, version, cancellationToken);
}
