using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Messages to the device thread from elsewhere (loader tasks, grains, the repository's Changed event).</summary>
internal abstract record DeviceCommand;

/// <summary>A cold load finished on the thread pool.</summary>
internal sealed record AdapterLoaded(AdapterKey Key, LoadTicket Ticket, LoadedAdapter Adapter, long Bytes) : DeviceCommand;

internal sealed record AdapterLoadFailed(AdapterKey Key, LoadTicket Ticket, Exception Error) : DeviceCommand;

/// <summary>Something of this task changed in the repository: unpinned resident versions may be stale.</summary>
internal sealed record TaskChanged(string TaskId) : DeviceCommand;

/// <summary>Keep this adapter resident until unpinned; <see cref="Placed"/> completes once it is on the device.</summary>
internal sealed record PinAdapter(AdapterKey Key, TaskCompletionSource Placed) : DeviceCommand;

/// <summary>Ends one pin; the last one frees the adapter's slot unless queued requests still need it.</summary>
internal sealed record UnpinAdapter(AdapterKey Key, TaskCompletionSource Done) : DeviceCommand;
