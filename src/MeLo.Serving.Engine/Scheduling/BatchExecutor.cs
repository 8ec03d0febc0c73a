using MeLo.Model.Lora;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// The policy-specific part of the device thread: how adapters sit on the device and how a batch becomes forward passes.
/// Every member runs on the device thread only.
/// </summary>
internal abstract class BatchExecutor : IDisposable
{
    /// <summary>Puts an adapter on the device; the executor owns <paramref name="loaded"/> from now on.</summary>
    public abstract void Place(ResidentAdapter adapter, LoraAdapter loaded);

    /// <summary>Takes an adapter off the device and frees what it held.</summary>
    public abstract void Remove(ResidentAdapter adapter);

    /// <summary>The forward passes a batch is split into, in the order they should run.</summary>
    public abstract IReadOnlyList<IReadOnlyList<BatchEntry>> Passes(IReadOnlyList<BatchEntry> batch);

    /// <summary>One forward pass; logits per entry, in order (class counts may differ between entries).</summary>
    public abstract Tensor[] Forward(IReadOnlyList<BatchEntry> pass, Tensor pixels);

    public abstract void Dispose();
}
