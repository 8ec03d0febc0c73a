namespace MeLo.Evaluation;

/// <summary>
/// The MeLo paper's metrics for a multi-label task (e.g. NIH ChestX-ray14's 14 findings): each label is its own
/// binary problem at its own threshold, and the headline numbers are unweighted means over labels.
/// See METRICS.md for the definitions.
/// </summary>
public sealed class MultiLabelMetrics
{
    /// <summary>The number of samples n.</summary>
    public required int SampleCount { get; init; }

    /// <summary>The number of labels L.</summary>
    public required int LabelCount { get; init; }

    /// <summary>
    /// ACC: the mean over labels of each label's accuracy, i.e. the fraction of the n x L decisions that are right
    /// (1 - <c>hamming_loss</c>). Chosen over <see cref="SubsetAccuracy"/> because it is the per-label view the other
    /// metrics take, and subset accuracy collapses towards 0 as L grows.
    /// </summary>
    public required double Accuracy { get; init; }

    /// <summary>
    /// Subset (exact-match) accuracy: the fraction of samples whose every label is predicted correctly
    /// (<c>accuracy_score</c> on multi-hot matrices).
    /// </summary>
    public required double SubsetAccuracy { get; init; }

    /// <summary>SEN: the mean of the per-label sensitivities over all labels (<c>recall_score(average='macro', zero_division=0)</c>).</summary>
    public required double Sensitivity { get; init; }

    /// <summary>PRE: the mean of the per-label precisions over all labels (<c>precision_score(average='macro', zero_division=0)</c>).</summary>
    public required double Precision { get; init; }

    /// <summary>F1S: the mean of the per-label F1 scores over all labels (<c>f1_score(average='macro', zero_division=0)</c>).</summary>
    public required double F1Score { get; init; }

    /// <summary>
    /// AUC: the mean of the per-label AUCs (<c>roc_auc_score(average='macro')</c>) over the labels whose AUC is
    /// defined; the others are listed in <see cref="AucUndefinedLabels"/>. NaN when no label has a defined AUC.
    /// </summary>
    public required double Auc { get; init; }

    /// <summary>Per-label thresholds, counts and scores, indexed by label.</summary>
    public required IReadOnlyList<LabelMetrics> PerLabel { get; init; }

    /// <summary>
    /// Labels whose AUC is undefined because every sample is positive or every sample is negative for them; they
    /// are left out of <see cref="Auc"/>, where scikit-learn would raise instead.
    /// </summary>
    public required IReadOnlyList<int> AucUndefinedLabels { get; init; }

    /// <summary>Whether every label's AUC is defined, so <see cref="Auc"/> equals scikit-learn's value.</summary>
    public bool IsAucComplete => AucUndefinedLabels.Count == 0;
}
