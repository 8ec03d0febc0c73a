namespace MeLo.Serving.Engine.Scheduling;

/// <summary>What <see cref="BatchPlanner"/> needs to know about adapters on (or on their way to) the device.</summary>
internal interface IAdapterSlots
{
    /// <summary>Resident, or loaded and waiting to be placed.</summary>
    bool IsReady(AdapterKey key);

    /// <summary>Owned by an active grain: it stays resident, so a batch that uses it needs no extra room.</summary>
    bool IsPinned(AdapterKey key);

    /// <summary>Device bytes of a ready adapter.</summary>
    long BytesOf(AdapterKey key);

    int PinnedCount { get; }

    long PinnedBytes { get; }
}
