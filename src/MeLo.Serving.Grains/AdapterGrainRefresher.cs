using MeLo.Serving.Abstractions;
using MeLo.Serving.Grains.Placement;
using Microsoft.Extensions.Logging;

namespace MeLo.Serving.Grains;

/// <summary>
/// Carries a registry change (e.g. SetActiveVersion) to this silo's own adapter grains of that task, which then pin the new
/// active version before releasing the old. Only activations on this silo are called, so nothing is activated by it.
/// </summary>
public sealed partial class AdapterGrainRefresher(IGrainFactory grains, LocalAdapterActivations activations, ILogger<AdapterGrainRefresher> logger)
    : IAdapterChangeListener
{
    public void OnAdapterChanged(string taskId)
    {
        foreach (var key in activations.KeysOf(taskId))
            _ = RefreshAsync(key);
    }

    async Task RefreshAsync(string key)
    {
        try
        {
            await grains.GetGrain<IAdapterGrainControl>(key).RefreshAsync();
        }
        catch (Exception e)
        {
            LogRefreshFailed(AdapterGrainKey.TaskOf(key), e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter grain of task {TaskId} could not follow a registry change ({Error}).")]
    partial void LogRefreshFailed(string taskId, string error);
}
