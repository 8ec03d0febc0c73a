namespace MeLo.Evaluation;

/// <summary>One class of a single-label task, scored one-vs-rest.</summary>
/// <param name="ClassIndex">The class, a column of the probability matrix.</param>
/// <param name="Counts">The class's one-vs-rest counts, taken from the confusion matrix.</param>
/// <param name="Auc">
/// The one-vs-rest AUC of the class's probability column, or <see cref="double.NaN"/> when the class never
/// occurs or every sample is of it.
/// </param>
public sealed record ClassMetrics(int ClassIndex, BinaryConfusionCounts Counts, double Auc)
{
    /// <summary>Sensitivity (recall) of the class; 0 when it never occurs.</summary>
    public double Sensitivity => Counts.Sensitivity;

    /// <summary>Precision of the class; 0 when it is never predicted.</summary>
    public double Precision => Counts.Precision;

    /// <summary>F1 score of the class; 0 when it has no true positive.</summary>
    public double F1Score => Counts.F1Score;

    /// <summary>
    /// Whether the class occurs in the truth or the predictions. Only such classes enter the macro averages of
    /// sensitivity, precision and F1, as scikit-learn's default label set.
    /// </summary>
    public bool IsObserved => Counts.Positives > 0 || Counts.PredictedPositives > 0;

    /// <summary>Whether <see cref="Auc"/> is defined: the class has both positive and negative samples.</summary>
    public bool IsAucDefined => !double.IsNaN(Auc);
}
