namespace MeLo.Serving.Abstractions;

/// <summary>A process-local party interested in registry changes; <see cref="AdapterRegistrySubscription"/> calls every one.</summary>
public interface IAdapterChangeListener
{
    void OnAdapterChanged(string taskId);
}
