namespace MeLo.Training;

/// <summary>
/// The points of one binary ROC curve, one per distinct score from high to low, starting at (0, 0) and ending at (1, 1),
/// as scikit-learn's <c>roc_curve(drop_intermediate=False)</c>. Its trapezoid area is <see cref="Evaluation.RocAuc"/>'s AUC.
/// </summary>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates)
{
    /// <summary>The curve, or null when every sample is positive or every sample is negative.</summary>
    public static RocCurve? Compute(IReadOnlyList<bool> isPositive, IReadOnlyList<double> scores)
    {
        int positives = isPositive.Count(p => p), negatives = isPositive.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int truePositives = 0, falsePositives = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (isPositive[order[k]]) truePositives++; else falsePositives++;
            if (k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]])
            {
                fpr.Add((double)falsePositives / negatives);
                tpr.Add((double)truePositives / positives);
            }
        }
        return new RocCurve(fpr.ToArray(), tpr.ToArray());
    }
}
