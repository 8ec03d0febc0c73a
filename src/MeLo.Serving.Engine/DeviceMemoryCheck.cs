using MeLo.Model.Vit;

namespace MeLo.Serving.Engine;

/// <summary>Refuses an engine whose configuration needs more memory than its device offers, before anything is allocated.</summary>
internal static class DeviceMemoryCheck
{
    /// <exception cref="InsufficientDeviceMemoryException">The estimate exceeds what the device offers; names both numbers.</exception>
    public static void Ensure(VisionTransformer backbone, InferenceEngineOptions options)
    {
        var need = DeviceMemoryEstimate.For(backbone.Config, options);
        if ((options.DeviceMemoryBytes ?? Measure(backbone, options.Device)) is not long available || need.TotalBytes <= available)
            return;
        throw new InsufficientDeviceMemoryException(
            $"Device '{options.Device}' offers {available:N0} bytes ({Mib(available)}) but this engine needs {need.TotalBytes:N0} bytes ({Mib(need.TotalBytes)}): " +
            $"{backbone.Config.Name} in {options.DType.Name()} = weights {Mib(need.WeightBytes)} + activations at batch {need.BatchSize} {Mib(need.ActivationBytes)} + " +
            $"{options.AdapterCapacity} adapter slots at rank {options.MaxRank} {Mib(need.AdapterSlotBytes)}. " +
            $"Lower MeLo:Engine:MaxBatchSize, AdapterCapacity or MaxRank, choose a smaller DType, or use a larger device.");
    }

    /// <summary>
    /// CPU: the physical memory Linux reports available, plus what the backbone already occupies (it is loaded, and its
    /// weights are part of the need). CUDA: TorchSharp cannot query free device memory, so only the option checks it.
    /// </summary>
    static long? Measure(VisionTransformer backbone, string device)
    {
        if (device != "cpu" || PhysicalMemory.AvailableBytes() is not long available)
            return null;
        return available + backbone.parameters().Where(p => p.device_type == TorchSharp.DeviceType.CPU).Sum(p => p.numel() * p.ElementSize);
    }

    static string Mib(long bytes) => $"{bytes / 1048576.0:N1} MiB";
}
