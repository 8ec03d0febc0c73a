using MeLo.Model.Lora;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// <see cref="SchedulingPolicy.Mixed"/>: every resident adapter has a slot of one AdapterStack and a whole batch of many
/// tasks runs in a single forward pass. Backbone weights never change, so this policy never counts a switch; bringing an
/// adapter into a slot is a cold load.
/// </summary>
internal sealed class MixedBatchExecutor(VisionTransformer backbone, int capacity, int maxRank) : BatchExecutor
{
    readonly AdapterStack _stack = new(backbone, capacity, maxRank);
    readonly Stack<int> _freeSlots = new(Enumerable.Range(0, capacity).Reverse());

    public override void Place(ResidentAdapter adapter, LoraAdapter loaded)
    {
        using (loaded) // the stack keeps its own copy
        {
            if (!_freeSlots.TryPop(out var slot))
                throw new InvalidOperationException($"No free adapter slot for {adapter.Key}; residency must evict first.");
            try
            {
                _stack.Load(slot, loaded);
            }
            catch
            {
                _stack.Clear(slot);
                _freeSlots.Push(slot);
                throw;
            }
            adapter.Slot = slot;
        }
    }

    public override void Remove(ResidentAdapter adapter)
    {
        _stack.Clear(adapter.Slot);
        _freeSlots.Push(adapter.Slot);
        adapter.Slot = -1;
    }

    public override IReadOnlyList<IReadOnlyList<BatchEntry>> Passes(IReadOnlyList<BatchEntry> batch) => [batch];

    public override Tensor[] Forward(IReadOnlyList<BatchEntry> pass, Tensor pixels) =>
        _stack.Forward(pixels, pass.Select(e => e.Adapter.Slot).ToArray());

    public override void Dispose() => _stack.Dispose();
}
