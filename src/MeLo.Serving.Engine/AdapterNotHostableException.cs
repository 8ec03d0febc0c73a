namespace MeLo.Serving.Engine;

/// <summary>
/// An adapter that is valid but that this engine cannot host: its rank is above the engine's MaxRank, or it needs more
/// device memory than the engine's whole adapter budget. Configuration, not the caller's input, must change.
/// </summary>
public sealed class AdapterNotHostableException(AdapterKey adapter, string message) : Exception(message)
{
    public AdapterKey Adapter { get; } = adapter;
}
