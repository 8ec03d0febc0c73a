namespace MeLo.Serving.Engine;

/// <summary>The device offers less memory than the engine's configuration needs (see <see cref="DeviceMemoryEstimate"/>).</summary>
public sealed class InsufficientDeviceMemoryException(string message) : InvalidOperationException(message);
