using System.Runtime;
using TorchSharp.Modules;

namespace MeLo.Training;

/// <summary>
/// Runs an optimizer step with garbage collection held off. TorchSharp's Adam and AdamW pass a new Scalar for every
/// number (<c>add_(eps)</c>, <c>mul_(beta1)</c>, …) and do not keep it alive during the native call, so a collection in
/// that window lets the finalizer free the value while libtorch reads it. Long runs failed with "Expected false to be
/// true … toFloat" inside <c>add_</c> from <c>Adam.step</c>. A step allocates a few kilobytes of wrappers, far below the
/// region's budget; if other threads use up the budget the runtime collects anyway and the region simply ends.
/// (MeLo.Model's own forward code holds its scalars instead; see TorchScalars there.)
/// </summary>
internal static class OptimizerStep
{
    const long NoCollectionBudgetBytes = 16L * 1024 * 1024;

    public static void Run(OptimizerHelper optimizer)
    {
        bool region = TryStartRegion();
        try
        {
            optimizer.step();
        }
        finally
        {
            // The runtime ends the region itself when the budget runs out; ending it again would throw.
            if (region && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                GC.EndNoGCRegion();
        }
    }

    /// <summary>False when another step (a parallel training run) already holds the process-wide region; it then covers this one until its owner ends it.</summary>
    static bool TryStartRegion()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            return false;
        try
        {
            return GC.TryStartNoGCRegion(NoCollectionBudgetBytes);
        }
        catch (InvalidOperationException)
        {
            return false; // started by another thread between the check and the call
        }
    }
}
