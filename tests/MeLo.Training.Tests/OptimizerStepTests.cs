using System.Runtime;
using static TorchSharp.torch;

namespace MeLo.Training.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarbageCollectionModeCollection
{
    public const string Name = "garbage collection mode (runs alone)";
}

/// <summary>The optimizer step that holds garbage collection off (TorchSharp frees its per-call Scalars by finalizer).</summary>
[Collection(GarbageCollectionModeCollection.Name)]
public sealed class OptimizerStepTests
{
    [Fact]
    public void A_step_updates_exactly_like_adam_and_leaves_collection_on()
    {
        var (guarded, guardedOptimizer) = Parameters();
        var (plain, plainOptimizer) = Parameters();
        for (int step = 0; step < 5; step++)
        {
            Descend(guarded, guardedOptimizer, OptimizerStep.Run);
            Descend(plain, plainOptimizer, o => o.step());
        }

        Assert.True(guarded.allclose(plain, rtol: 0, atol: 0));
        Assert.False(guarded.allclose(Parameters().Weights, rtol: 0, atol: 0)); // it did move
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        int collections = GC.CollectionCount(0);
        GC.Collect();
        Assert.True(GC.CollectionCount(0) > collections);
    }

    [Fact]
    public void A_step_inside_an_existing_region_leaves_that_region_to_its_owner()
    {
        var (weights, optimizer) = Parameters();
        Assert.True(GC.TryStartNoGCRegion(1024 * 1024));
        try
        {
            Descend(weights, optimizer, OptimizerStep.Run);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            GC.EndNoGCRegion();
        }
    }

    static (TorchSharp.Modules.Parameter Weights, TorchSharp.Modules.Adam Optimizer) Parameters()
    {
        var weights = new TorchSharp.Modules.Parameter(arange(12, dtype: ScalarType.Float32).reshape(3, 4) / 10);
        return (weights, optim.Adam([weights], 1e-2, weight_decay: 0.1));
    }

    static void Descend(TorchSharp.Modules.Parameter weights, TorchSharp.Modules.Adam optimizer, Action<TorchSharp.Modules.Adam> step)
    {
        optimizer.zero_grad();
        weights.pow(2).sum().backward();
        step(optimizer);
    }
}
