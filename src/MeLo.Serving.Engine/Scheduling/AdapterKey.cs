namespace MeLo.Serving.Engine.Scheduling;

/// <summary>One adapter version; the unit of residency on the device.</summary>
internal readonly record struct AdapterKey(string TaskId, string Version)
{
    public override string ToString() => $"{TaskId}@{Version}";
}
