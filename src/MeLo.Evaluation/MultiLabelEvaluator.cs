namespace MeLo.Evaluation;

/// <summary>Scores multi-label predictions the way the MeLo paper reports them for NIH ChestX-ray14.</summary>
public static class MultiLabelEvaluator
{
    /// <summary>The threshold every label gets when none are given.</summary>
    public const double DefaultThreshold = 0.5;

    /// <inheritdoc cref="Evaluate(bool[,], double[,], IReadOnlyList{double}?)"/>
    public static MultiLabelMetrics Evaluate(bool[,] truth, float[,] probabilities, IReadOnlyList<double>? thresholds = null) =>
        Evaluate(truth, ScoreMatrix.ToDouble(probabilities), thresholds);

    /// <summary>Computes per-label and macro ACC, SEN, PRE, F1, AUC, subset accuracy and per-label 2x2 counts.</summary>
    /// <param name="truth">[n, L] multi-hot truth: whether sample i has label j.</param>
    /// <param name="probabilities">[n, L] per-label probabilities (independent sigmoids, not a distribution).</param>
    /// <param name="thresholds">
    /// One threshold per label; label j is predicted when its probability is at least <c>thresholds[j]</c>.
    /// Null gives every label <see cref="DefaultThreshold"/>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The input is empty, the shapes differ, the threshold count is not L, a threshold is NaN, or a probability is
    /// NaN or infinite.
    /// </exception>
    public static MultiLabelMetrics Evaluate(bool[,] truth, double[,] probabilities, IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ScoreMatrix.Validate(probabilities, truth.GetLength(0), nameof(probabilities));
        int sampleCount = truth.GetLength(0), labelCount = truth.GetLength(1);
        if (labelCount == 0 || probabilities.GetLength(1) != labelCount)
        {
            throw new ArgumentException(
                $"The truth has {labelCount} labels but the probabilities have {probabilities.GetLength(1)} columns; "
                + "they must match and be at least one.", nameof(probabilities));
        }
        var cuts = ResolveThresholds(thresholds, labelCount);

        var counts = new (long Tp, long Fp, long Fn, long Tn)[labelCount];
        long exactMatches = 0;
        for (var sample = 0; sample < sampleCount; sample++)
        {
            var allRight = true;
            for (var label = 0; label < labelCount; label++)
            {
                var actual = truth[sample, label];
                var predicted = probabilities[sample, label] >= cuts[label];
                allRight &= actual == predicted;
                ref var c = ref counts[label];
                switch (actual, predicted)
                {
                    case (true, true): c.Tp++; break;
                    case (false, true): c.Fp++; break;
                    case (true, false): c.Fn++; break;
                    case (false, false): c.Tn++; break;
                }
            }
            if (allRight)
            {
                exactMatches++;
            }
        }

        var perLabel = new LabelMetrics[labelCount];
        for (var label = 0; label < labelCount; label++)
        {
            var isPositive = new bool[sampleCount];
            for (var sample = 0; sample < sampleCount; sample++)
            {
                isPositive[sample] = truth[sample, label];
            }
            var (tp, fp, fn, tn) = counts[label];
            perLabel[label] = new LabelMetrics(label, cuts[label], new BinaryConfusionCounts(tp, fp, fn, tn),
                RocAuc.Compute(isPositive, ScoreMatrix.Column(probabilities, label)));
        }

        return new MultiLabelMetrics
        {
            SampleCount = sampleCount,
            LabelCount = labelCount,
            Accuracy = perLabel.Average(m => m.Accuracy),
            SubsetAccuracy = (double)exactMatches / sampleCount,
            Sensitivity = perLabel.Average(m => m.Sensitivity),
            Precision = perLabel.Average(m => m.Precision),
            F1Score = perLabel.Average(m => m.F1Score),
            Auc = ScoreMatrix.MeanOfDefined(perLabel.Select(m => m.Auc)),
            PerLabel = perLabel,
            AucUndefinedLabels = perLabel.Where(m => !m.IsAucDefined).Select(m => m.LabelIndex).ToArray(),
        };
    }

    private static double[] ResolveThresholds(IReadOnlyList<double>? thresholds, int labelCount)
    {
        if (thresholds is null)
        {
            return Enumerable.Repeat(DefaultThreshold, labelCount).ToArray();
        }
        if (thresholds.Count != labelCount)
        {
            throw new ArgumentException(
                $"There are {labelCount} labels but {thresholds.Count} thresholds; give one per label or none.",
                nameof(thresholds));
        }
        if (thresholds.Any(double.IsNaN))
        {
            throw new ArgumentException("Thresholds must not be NaN.", nameof(thresholds));
        }
        return thresholds.ToArray();
    }
}
