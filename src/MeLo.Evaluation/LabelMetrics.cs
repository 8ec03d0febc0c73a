namespace MeLo.Evaluation;

/// <summary>One label of a multi-label task, scored as its own binary problem.</summary>
/// <param name="LabelIndex">The label, a column of the truth and probability matrices.</param>
/// <param name="Threshold">A sample is predicted positive for the label when its probability is at least this.</param>
/// <param name="Counts">The label's 2x2 counts at <paramref name="Threshold"/>.</param>
/// <param name="Auc">
/// The label's AUC over its probability column, or <see cref="double.NaN"/> when every sample is positive or
/// every sample is negative for it.
/// </param>
public sealed record LabelMetrics(int LabelIndex, double Threshold, BinaryConfusionCounts Counts, double Auc)
{
    /// <summary>Fraction of samples whose label is predicted correctly: (TP + TN) / n.</summary>
    public double Accuracy => Counts.Accuracy;

    /// <summary>Sensitivity (recall) of the label; 0 when it has no positive sample.</summary>
    public double Sensitivity => Counts.Sensitivity;

    /// <summary>Precision of the label; 0 when no sample is predicted positive.</summary>
    public double Precision => Counts.Precision;

    /// <summary>F1 score of the label; 0 when it has no true positive.</summary>
    public double F1Score => Counts.F1Score;

    /// <summary>Whether <see cref="Auc"/> is defined: the label has both positive and negative samples.</summary>
    public bool IsAucDefined => !double.IsNaN(Auc);
}
