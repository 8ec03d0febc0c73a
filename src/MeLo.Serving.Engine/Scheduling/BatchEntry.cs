namespace MeLo.Serving.Engine.Scheduling;

/// <summary>A queued item paired with the resident adapter it runs through.</summary>
internal sealed record BatchEntry(InferenceWorkItem Item, ResidentAdapter Adapter);
