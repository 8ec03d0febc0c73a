namespace MeLo.Evaluation;

/// <summary>Area under the ROC curve of one binary problem, computed exactly as scikit-learn's <c>roc_auc_score</c>.</summary>
public static class RocAuc
{
    /// <summary>
    /// The area under the ROC curve of <paramref name="scores"/> for the samples flagged in <paramref name="isPositive"/>.
    /// </summary>
    /// <remarks>
    /// Scores are swept from high to low one distinct value at a time and the curve is integrated with the
    /// trapezoid rule, so tied scores count half, as in scikit-learn (equivalently the Mann-Whitney U statistic
    /// with average ranks). The area is accumulated in integer units of half a cell, so it is exact up to the
    /// final division.
    /// </remarks>
    /// <returns>
    /// The AUC in [0, 1], or <see cref="double.NaN"/> when the samples are all positive or all negative
    /// (the curve is undefined; scikit-learn raises <c>ValueError</c> there).
    /// </returns>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or a score is NaN or infinite.</exception>
    public static double Compute(ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("At least one sample is needed to compute an AUC.", nameof(scores));
        }
        if (isPositive.Length != scores.Length)
        {
            throw new ArgumentException(
                $"There are {isPositive.Length} labels but {scores.Length} scores; they must pair up one to one.",
                nameof(scores));
        }

        var sortedScores = scores.ToArray();
        var sortedPositive = isPositive.ToArray();
        foreach (var score in sortedScores)
        {
            if (!double.IsFinite(score))
            {
                throw new ArgumentException($"Scores must be finite, but one is {score}.", nameof(scores));
            }
        }
        Array.Sort(sortedScores, sortedPositive);
        return ComputeSorted(sortedScores, sortedPositive);
    }

    /// <summary>The sweep over scores already sorted ascending; labels travel with their scores.</summary>
    private static double ComputeSorted(double[] sortedScores, bool[] sortedPositive)
    {
        long positives = 0;
        foreach (var positive in sortedPositive)
        {
            if (positive)
            {
                positives++;
            }
        }
        long negatives = sortedPositive.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        long truePositives = 0, falsePositives = 0, previousTruePositives = 0, previousFalsePositives = 0;
        long twiceArea = 0;
        for (var i = sortedScores.Length - 1; i >= 0; i--)
        {
            if (sortedPositive[i])
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }

            // One ROC point per distinct threshold: a run of tied scores moves the curve diagonally.
            if (i == 0 || sortedScores[i - 1] != sortedScores[i])
            {
                twiceArea += (falsePositives - previousFalsePositives) * (truePositives + previousTruePositives);
                previousTruePositives = truePositives;
                previousFalsePositives = falsePositives;
            }
        }
        return twiceArea / (2.0 * positives * negatives);
    }
}
