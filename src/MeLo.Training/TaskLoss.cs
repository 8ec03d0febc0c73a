using MeLo.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// The training objective: cross-entropy with label smoothing over a softmax head for single-label tasks, and
/// BCE-with-logits over independent sigmoids for multi-label tasks. Also turns logits into probabilities.
/// </summary>
internal sealed class TaskLoss(bool multiLabel, int classCount, double labelSmoothing)
{
    /// <summary>Class indices [B] (int64) or multi-hot [B, classes] (float) for the given items.</summary>
    public Tensor Targets(IReadOnlyList<DatasetItem> items, IReadOnlyList<int> kept) => multiLabel
        ? tensor(kept.SelectMany(i => items[i].ToMultiHot(classCount)).ToArray(), [kept.Count, classCount])
        : tensor(kept.Select(i => (long)items[i].Label).ToArray());

    /// <summary>The mean loss over the batch.</summary>
    public Tensor Compute(Tensor logits, Tensor targets) => multiLabel
        ? nn.functional.binary_cross_entropy_with_logits(logits, targets)
        : nn.functional.cross_entropy(logits, targets, label_smoothing: labelSmoothing);

    public Tensor Probabilities(Tensor logits) => multiLabel ? logits.sigmoid() : logits.softmax(1);

    /// <summary>Correct decisions in the batch and how many there were: samples (single-label) or sample-label pairs (multi-label).</summary>
    public (long Correct, long Decisions) CountCorrect(Tensor logits, Tensor targets)
    {
        if (!multiLabel)
            return (logits.argmax(1).eq(targets).sum().item<long>(), targets.shape[0]);
        // Explicit scalars held until the calls return: TorchSharp may finalize the implicit ones mid-call (MeLo.Model's TorchScalars).
        using var zero = 0.ToScalar();
        using var half = 0.5.ToScalar();
        return (logits.ge(zero).eq(targets.ge(half)).sum().item<long>(), targets.numel());
    }
}
