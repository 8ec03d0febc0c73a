using System.Text.Json.Serialization;
using MeLo.Model;
using MeLo.Model.Lora;
using MeLo.Model.Vit;

namespace MeLo.Serving.Engine;

/// <summary>
/// Device memory an engine needs for one backbone config, precision and batch size:
/// <list type="bullet">
/// <item>weights: every backbone parameter at the element size of the precision;</item>
/// <item>activations: the peak of live tensors while one transformer block runs (inference mode frees each block's
/// intermediates before the next): the block's input and residual, the norm output and fused q|k|v (6·tokens·dim), the
/// MLP hidden layer before and after GELU (2·tokens·mlp), and attention scores and their softmax (2·heads·tokens²),
/// per image, plus the fp32 pixels and their converted copy;</item>
/// <item>adapter slots: the mixed-batch stack at full capacity, every slot padded to MaxRank on q and v
/// (depth·slots·MaxRank·(in + out) per target); heads (a few KB each) are left out.</item>
/// </list>
/// An estimate, not a measurement: allocator caches and fragmentation come on top.
/// </summary>
public sealed record DeviceMemoryEstimate([property: JsonPropertyName("dtype")] EngineDType DType, int BatchSize, long WeightBytes, long ActivationBytes, long AdapterSlotBytes)
{
    public long TotalBytes => WeightBytes + ActivationBytes + AdapterSlotBytes;

    public static DeviceMemoryEstimate For(VitConfig config, EngineDType dtype, int batchSize, int adapterSlots, int maxRank)
    {
        long element = dtype.ElementSize();
        long tokens = 1 + (long)config.GridSize * config.GridSize, dim = config.Dim;
        long perImage = 6 * tokens * dim + 2 * tokens * config.MlpDim + 2L * config.Heads * tokens * tokens;
        long pixels = (long)config.Channels * config.ImageSize * config.ImageSize * (sizeof(float) + element);
        long slots = config.Depth * (long)adapterSlots * maxRank *
            new[] { LoraTarget.Query, LoraTarget.Value }.Sum(t => (long)t.InFeatures(config) + t.OutFeatures(config));
        return new DeviceMemoryEstimate(dtype, batchSize,
            ParameterAccounting.Backbone(config) * element,
            batchSize * (perImage * element + pixels),
            slots * element);
    }

    /// <summary>The estimate for an engine with these options.</summary>
    public static DeviceMemoryEstimate For(VitConfig config, InferenceEngineOptions options) =>
        For(config, options.DType, options.MaxBatchSize, options.AdapterCapacity, options.MaxRank);
}
