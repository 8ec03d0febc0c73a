namespace MeLo.Serving.Abstractions;

/// <summary>
/// Keys of <see cref="IAdapterGrain"/>: the task id for a task served by one activation, "task#k" for replica k of a hot
/// task spread over several (task ids therefore never contain '#').
/// </summary>
public static class AdapterGrainKey
{
    public const char ReplicaSeparator = '#';

    public static string For(string taskId, int replica, int replicas) =>
        replicas <= 1 ? taskId : $"{taskId}{ReplicaSeparator}{replica}";

    public static string TaskOf(string key)
    {
        int separator = key.LastIndexOf(ReplicaSeparator);
        return separator < 0 ? key : key[..separator];
    }
}
