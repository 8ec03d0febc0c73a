namespace MeLo.Model.Checkpoints;

/// <summary>A checkpoint that cannot be loaded: unreadable, or keys missing, unexpected or mis-shaped. Lists every problem at once.</summary>
public sealed class CheckpointLoadException(string message) : Exception(message);
