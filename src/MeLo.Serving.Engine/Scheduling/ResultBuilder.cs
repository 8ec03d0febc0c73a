using System.Diagnostics;
using MeLo.Model.Adapters;
using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Scheduling;

/// <summary>Turns one image's logits into the caller's answer, as the manifest says: softmax and argmax for single-label,
/// sigmoid and per-label thresholds for multi-label.</summary>
internal static class ResultBuilder
{
    /// <summary>In fp32 whatever the engine's precision: a half-precision softmax loses small probabilities.</summary>
    public static float[] Probabilities(Tensor logits, AdapterManifest manifest)
    {
        var wide = logits.to(ScalarType.Float32);
        return (manifest.MultiLabel ? wide.sigmoid() : wide.softmax(-1)).cpu().data<float>().ToArray();
    }

    public static InferenceResult Build(BatchEntry entry, float[] probabilities, long computeStart, long computeEnd, int passSize)
    {
        var manifest = entry.Adapter.Manifest;
        IReadOnlyList<string> predicted = manifest.MultiLabel
            ? manifest.Labels.Where((_, i) => probabilities[i] >= manifest.Thresholds[i]).ToArray()
            : [manifest.Labels[ArgMax(probabilities)]];
        return new InferenceResult(
            entry.Adapter.Key.TaskId,
            entry.Adapter.Key.Version,
            manifest.Labels,
            probabilities,
            predicted,
            QueueTime: Stopwatch.GetElapsedTime(entry.Item.EnqueuedAt, computeStart),
            ComputeTime: Stopwatch.GetElapsedTime(computeStart, computeEnd),
            BatchSize: passSize);
    }

    static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}
