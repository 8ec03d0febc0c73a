namespace MeLo.Serving.Abstractions;

/// <summary>Told about every change of the adapter registry (silos drop stale adapters, gateways stale preprocessing).</summary>
[Alias("melo.IAdapterRegistryObserver")]
public interface IAdapterRegistryObserver : IGrainObserver
{
    /// <summary>Awaited by the registry, so that a change has reached every subscriber when the change call returns.</summary>
    [Alias("AdapterChanged")]
    Task AdapterChangedAsync(string taskId);
}
