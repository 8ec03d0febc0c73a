namespace MeLo.Model.Adapters;

/// <summary>An adapter file that is corrupt, truncated or inconsistent. Nothing from it was loaded.</summary>
public sealed class AdapterFormatException(string message) : Exception(message);
