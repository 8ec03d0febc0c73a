namespace MeLo.Serving.Engine;

/// <summary>
/// The device has no room for another adapter: every resident adapter is pinned (owned by an active grain) or needed by
/// the batch being placed. The silo's grains answer it by releasing their least recently used adapter, and placement
/// prefers other silos meanwhile.
/// </summary>
public sealed class AdapterCapacityExceededException(AdapterKey adapter, int capacity, long capacityBytes)
    : Exception($"No room on the device for adapter {adapter}: its {capacity} adapter slots ({capacityBytes} bytes) are all pinned or in use.")
{
    public AdapterKey Adapter { get; } = adapter;
}
