namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Identifies one cold load, so that the device thread can tell a current load's result from a superseded one.</summary>
internal sealed class LoadTicket;
