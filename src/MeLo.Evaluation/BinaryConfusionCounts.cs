namespace MeLo.Evaluation;

/// <summary>
/// The 2x2 counts of one class (one-vs-rest) or one label, and the rates the MeLo paper reports from them.
/// </summary>
/// <remarks>
/// Every rate whose denominator is zero is 0, as scikit-learn's <c>zero_division=0</c>:
/// a class that never occurs has sensitivity 0, a class that is never predicted has precision 0,
/// and F1 is 0 whenever there is no true positive.
/// </remarks>
/// <param name="TruePositives">Samples of the class (or with the label) predicted as such.</param>
/// <param name="FalsePositives">Samples not of the class predicted as the class.</param>
/// <param name="FalseNegatives">Samples of the class predicted as something else.</param>
/// <param name="TrueNegatives">Samples not of the class predicted as something else.</param>
public readonly record struct BinaryConfusionCounts(
    long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>All samples counted.</summary>
    public long Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Samples that truly belong to the class: the support.</summary>
    public long Positives => TruePositives + FalseNegatives;

    /// <summary>Samples predicted as the class.</summary>
    public long PredictedPositives => TruePositives + FalsePositives;

    /// <summary>(TP + TN) / total; 0 when there are no samples.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Sensitivity (recall): TP / (TP + FN); 0 when the class never occurs.</summary>
    public double Sensitivity => Ratio(TruePositives, Positives);

    /// <summary>Precision: TP / (TP + FP); 0 when the class is never predicted.</summary>
    public double Precision => Ratio(TruePositives, PredictedPositives);

    /// <summary>
    /// F1 score: 2TP / (2TP + FP + FN), the harmonic mean of precision and sensitivity; 0 when TP is 0.
    /// </summary>
    public double F1Score => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    private static double Ratio(long numerator, long denominator) =>
        denominator == 0 ? 0.0 : (double)numerator / denominator;
}
