using System.Diagnostics;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>
/// <see cref="SchedulingPolicy.Grouped"/>: one adapter per forward pass, as in the MeLo paper. A switch is counted whenever a
/// pass uses a different adapter than the pass before it. The group of the last applied adapter runs first, and under
/// <see cref="GroupedSwitchMode.Merge"/> that adapter stays merged until another one is needed, so repeated batches of
/// one task never pay for a merge.
/// Merging and unmerging in fp32 leaves rounding residue that grows with every switch (measured on the demo backbone:
/// 1.3e-8 after 10 switches, 6e-6 after 5000). So the first merge touching a weight keeps a host copy of it, and that copy
/// is written back every <see cref="RestoreInterval"/> unmerges and on dispose: drift stays near 1e-6 and the backbone is
/// handed back exactly as it came. In half precision one merge/unmerge round trip already loses about 2^-8 of a weight,
/// so there every unmerge writes the copy back.
/// </summary>
internal sealed class GroupedBatchExecutor(VisionTransformer backbone, GroupedSwitchMode mode, Device device, EngineCounters counters)
    : BatchExecutor
{
    const int RestoreInterval = 1000;

    readonly ScalarType _dtype = backbone.parameters().First().dtype;
    readonly int _restoreInterval = backbone.parameters().First().dtype == ScalarType.Float32 ? RestoreInterval : 1;
    readonly Dictionary<(int Layer, LoraTarget Target), Tensor> _pristine = [];
    AdapterKey? _lastApplied;
    ResidentAdapter? _merged;
    int _unmergesSinceRestore;

    public override void Place(ResidentAdapter adapter, LoraAdapter loaded)
    {
        try
        {
            loaded.to(device).to(_dtype);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
        adapter.Module = loaded;
    }

    public override void Remove(ResidentAdapter adapter)
    {
        if (_merged == adapter)
            Unmerge();
        adapter.Module?.Dispose();
        adapter.Module = null;
    }

    public override IReadOnlyList<IReadOnlyList<BatchEntry>> Passes(IReadOnlyList<BatchEntry> batch) =>
        batch.GroupBy(e => e.Adapter.Key)
            .OrderBy(group => group.Key == _lastApplied ? 0 : 1) // stable: otherwise first-come order
            .Select(group => (IReadOnlyList<BatchEntry>)group.ToArray())
            .ToArray();

    public override Tensor[] Forward(IReadOnlyList<BatchEntry> pass, Tensor pixels)
    {
        var adapter = pass[0].Adapter;
        var module = adapter.Module ?? throw new InvalidOperationException($"Adapter {adapter.Key} is not on the device.");
        if (_lastApplied is { } last && last != adapter.Key)
            counters.Switched();
        _lastApplied = adapter.Key;

        Tensor logits;
        if (mode == GroupedSwitchMode.Select)
            logits = module.Forward(backbone, pixels);
        else
        {
            if (_merged != adapter)
            {
                long start = Stopwatch.GetTimestamp();
                if (_merged is not null)
                    Unmerge();
                KeepPristine(module);
                try
                {
                    module.MergeInto(backbone);
                }
                catch
                {
                    Restore(); // a half-done merge would corrupt every later pass
                    throw;
                }
                _merged = adapter;
                counters.SwitchWork(Stopwatch.GetTimestamp() - start);
            }
            logits = module.Classify(backbone.ForwardFeatures(pixels));
        }
        return Enumerable.Range(0, pass.Count).Select(i => logits[i]).ToArray();
    }

    /// <summary>Leaves the backbone exactly as it was given (the engine may not own it).</summary>
    public override void Dispose()
    {
        if (_merged is not null)
            Unmerge();
        Restore();
        foreach (var copy in _pristine.Values)
            copy.Dispose();
        _pristine.Clear();
    }

    void Unmerge()
    {
        var merged = _merged!;
        _merged = null;
        try
        {
            merged.Module!.UnmergeFrom(backbone);
        }
        catch
        {
            Restore();
            throw;
        }
        if (++_unmergesSinceRestore == _restoreInterval)
            Restore();
    }

    /// <summary>Before the first merge that touches a weight (so while it is still untouched), keeps a copy on the host.</summary>
    void KeepPristine(LoraAdapter module)
    {
        foreach (var target in module.Settings.Targets)
            for (int layer = 0; layer < module.Backbone.Depth; layer++)
                if (!_pristine.ContainsKey((layer, target)))
                    _pristine[(layer, target)] = backbone.TargetWeight(layer, target).detach().cpu().clone().DetachFromDisposeScope();
    }

    /// <summary>Writes the untouched weights back; only while nothing is merged.</summary>
    void Restore()
    {
        foreach (var ((layer, target), copy) in _pristine)
            backbone.TargetWeight(layer, target).copy_(copy);
        _unmergesSinceRestore = 0;
    }
}
