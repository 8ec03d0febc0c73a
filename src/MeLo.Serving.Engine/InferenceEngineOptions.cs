namespace MeLo.Serving.Engine;

/// <summary>Settings of one <see cref="InferenceEngine"/>; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class InferenceEngineOptions
{
    public const string SectionName = "MeLo:Engine";

    /// <summary>"cpu" or "cuda:N". CUDA needs a build with -p:TorchBackend=cuda.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Most images in one batch (a batch may still be split into several forward passes under Grouped).</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>How long the oldest queued request may wait for the batch to fill before it runs anyway.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Most requests accepted but not yet started; beyond it callers get <see cref="EngineOverloadedException"/>.</summary>
    public int QueueCapacity { get; set; } = 1024;

    public SchedulingPolicy Policy { get; set; } = SchedulingPolicy.Mixed;

    /// <summary>Used only with <see cref="SchedulingPolicy.Grouped"/>.</summary>
    public GroupedSwitchMode GroupedSwitchMode { get; set; } = GroupedSwitchMode.Merge;

    /// <summary>Most adapters resident on the device at once (under Mixed: the AdapterStack's slot count).</summary>
    public int AdapterCapacity { get; set; } = 16;

    /// <summary>Most bytes of resident adapters (LoRA matrices at their own rank plus head, in the backbone's precision).</summary>
    public long AdapterCapacityBytes { get; set; } = 512L << 20;

    /// <summary>Highest LoRA rank accepted; under Mixed every slot is padded to it, so it sizes the stack.</summary>
    public int MaxRank { get; set; } = 16;

    /// <summary>Precision of backbone weights and activations: fp32, bf16 or fp16 (configuration values in any case). The
    /// engine converts the backbone once at construction; probabilities are computed in fp32.</summary>
    public EngineDType DType { get; set; } = EngineDType.Fp32;

    /// <summary>Bytes of memory the device offers this engine; the engine refuses to start if <see cref="DeviceMemoryEstimate"/>
    /// says it needs more. Null measures it: on the CPU the available physical memory; CUDA cannot be measured through
    /// TorchSharp, so set it there to get the check.</summary>
    public long? DeviceMemoryBytes { get; set; }
}
