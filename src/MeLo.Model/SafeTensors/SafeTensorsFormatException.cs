namespace MeLo.Model.SafeTensors;

/// <summary>A safetensors file that is corrupt, truncated or inconsistent. Nothing from it was loaded.</summary>
public sealed class SafeTensorsFormatException(string message) : Exception(message);
