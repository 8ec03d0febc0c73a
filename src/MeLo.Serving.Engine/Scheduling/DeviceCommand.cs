using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Messages to the device thread from elsewhere (loader tasks, the repository's Changed event).</summary>
internal abstract record DeviceCommand;

/// <summary>A cold load finished on the thread pool; <see cref="Ticket"/> tells a current load from a superseded one.</summary>
internal sealed record AdapterLoaded(AdapterKey Key, object Ticket, LoadedAdapter Adapter, long Bytes) : DeviceCommand;

internal sealed record AdapterLoadFailed(AdapterKey Key, object Ticket, Exception Error) : DeviceCommand;

internal sealed record TaskChanged(string TaskId) : DeviceCommand;
