namespace MeLo.Serving.Engine;

/// <summary>The engine's queue is full; the caller should back off and retry.</summary>
public sealed class EngineOverloadedException(int capacity)
    : Exception($"The inference queue is full ({capacity} items); retry later.")
{
    public int Capacity { get; } = capacity;
}
