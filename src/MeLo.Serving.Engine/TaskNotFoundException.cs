namespace MeLo.Serving.Engine;

/// <summary>No adapter for this task (or this version of it) exists.</summary>
public sealed class TaskNotFoundException(string taskId, string? version = null)
    : Exception(version is null ? $"Unknown task '{taskId}'." : $"Task '{taskId}' has no adapter version '{version}'.")
{
    public string TaskId { get; } = taskId;
    public string? Version { get; } = version;
}
