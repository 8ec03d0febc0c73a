using MeLo.Model;
using MeLo.Serving.Engine;

namespace MeLo.Cli.Commands;

/// <summary>What <c>melo inspect</c> reports.</summary>
public sealed record InspectReport(
    string Config, int ImageSize, int PatchSize, int Dim, int Depth, int Heads, int MlpDim,
    int Rank, double Alpha, double Scale, IReadOnlyList<string> Targets, int Classes,
    long BackboneParameters, long LoraParameters, long HeadParameters, long TrainableParameters,
    long AdapterBytesF32, long AdapterBytesF16,
    IReadOnlyList<DeviceMemoryEstimate> DeviceMemory)
{
    public double TrainablePercent => 100.0 * TrainableParameters / (BackboneParameters + TrainableParameters);

    public string ToText() => string.Join(Environment.NewLine,
        $"backbone     {Config}: {ImageSize}px, patch {PatchSize}, dim {Dim}, depth {Depth}, heads {Heads}, mlp {MlpDim}",
        $"backbone     {BackboneParameters,15:N0} parameters (frozen, shared by every task)",
        $"adapter      {LoraParameters,15:N0} LoRA parameters (r={Rank}, alpha={Alpha}, scale={Scale}, targets {string.Join(",", Targets)})",
        $"head         {HeadParameters,15:N0} parameters ({Classes} classes, with bias)",
        $"trainable    {TrainableParameters,15:N0} parameters = {ParameterAccounting.InPaperMillions(TrainableParameters):F3}M as the paper counts (/2^20), {TrainablePercent:F3}% of the model",
        $"adapter file {AdapterBytesF32,15:N0} bytes fp32 ({AdapterBytesF32 / 1048576.0:F3} MiB), {AdapterBytesF16:N0} bytes fp16 ({AdapterBytesF16 / 1048576.0:F3} MiB)",
        $"device memory estimate (weights + activations of one block + {new InferenceEngineOptions().AdapterCapacity} adapter slots at rank {new InferenceEngineOptions().MaxRank}; see docs/serving.md):",
        $"  {"dtype",-6} {"batch",6} {"weights MiB",12} {"activations MiB",16} {"slots MiB",10} {"total MiB",10}",
        string.Join(Environment.NewLine, DeviceMemory.Select(m =>
            $"  {m.DType.Name(),-6} {m.BatchSize,6} {Mib(m.WeightBytes),12:F1} {Mib(m.ActivationBytes),16:F1} {Mib(m.AdapterSlotBytes),10:F1} {Mib(m.TotalBytes),10:F1}")));

    static double Mib(long bytes) => bytes / 1048576.0;
}
