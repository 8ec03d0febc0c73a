namespace MeLo.Serving.Engine;

/// <summary>One adapter version: the unit of residency on a device, and what grains pin.</summary>
public readonly record struct AdapterKey(string TaskId, string Version)
{
    /// <summary>For people (logs, status output); code compares keys, never their text.</summary>
    public override string ToString() => $"{TaskId}@{Version}";
}
