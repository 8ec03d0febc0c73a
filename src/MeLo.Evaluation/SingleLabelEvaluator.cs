namespace MeLo.Evaluation;

/// <summary>Scores single-label predictions (binary or multi-class) the way the MeLo paper reports them.</summary>
public static class SingleLabelEvaluator
{
    /// <inheritdoc cref="Evaluate(ReadOnlySpan{int}, double[,])"/>
    public static SingleLabelMetrics Evaluate(ReadOnlySpan<int> trueClasses, float[,] probabilities) =>
        Evaluate(trueClasses, ScoreMatrix.ToDouble(probabilities));

    /// <summary>Computes ACC, SEN, PRE, F1, AUC and the confusion matrix.</summary>
    /// <param name="trueClasses">The true class of each sample, in [0, C).</param>
    /// <param name="probabilities">
    /// [n, C] class probabilities. The predicted class is the argmax, the first column on ties (as NumPy).
    /// Rows are not required to sum to 1 (scikit-learn requires it for multi-class AUC).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The input is empty, the lengths differ, there are fewer than two columns, a class is outside [0, C),
    /// or a probability is NaN or infinite.
    /// </exception>
    public static SingleLabelMetrics Evaluate(ReadOnlySpan<int> trueClasses, double[,] probabilities)
    {
        ScoreMatrix.Validate(probabilities, trueClasses.Length, nameof(probabilities));
        var classCount = probabilities.GetLength(1);
        if (classCount < 2)
        {
            throw new ArgumentException(
                $"A single-label task needs probabilities for at least two classes, not {classCount}.", nameof(probabilities));
        }

        var predictedClasses = new int[trueClasses.Length];
        long correct = 0;
        for (var sample = 0; sample < predictedClasses.Length; sample++)
        {
            predictedClasses[sample] = ArgMax(probabilities, sample);
            if (predictedClasses[sample] == trueClasses[sample])
            {
                correct++;
            }
        }
        var confusion = ConfusionMatrix.FromPredictions(trueClasses, predictedClasses, classCount);

        var perClass = new ClassMetrics[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var isOfClass = new bool[trueClasses.Length];
            for (var sample = 0; sample < isOfClass.Length; sample++)
            {
                isOfClass[sample] = trueClasses[sample] == c;
            }
            perClass[c] = new ClassMetrics(c, confusion.ForClass(c),
                RocAuc.Compute(isOfClass, ScoreMatrix.Column(probabilities, c)));
        }

        var observed = perClass.Where(m => m.IsObserved).ToArray();
        return new SingleLabelMetrics
        {
            SampleCount = trueClasses.Length,
            ClassCount = classCount,
            Accuracy = (double)correct / trueClasses.Length,
            Sensitivity = observed.Average(m => m.Sensitivity),
            Precision = observed.Average(m => m.Precision),
            F1Score = observed.Average(m => m.F1Score),
            // Binary AUC is the positive class's; for two classes it is also class 1's one-vs-rest AUC.
            Auc = classCount == 2 ? perClass[1].Auc : ScoreMatrix.MeanOfDefined(perClass.Select(m => m.Auc)),
            PerClass = perClass,
            ConfusionMatrix = confusion,
            AucUndefinedClasses = perClass.Where(m => !m.IsAucDefined).Select(m => m.ClassIndex).ToArray(),
        };
    }

    private static int ArgMax(double[,] probabilities, int sample)
    {
        var best = 0;
        for (var c = 1; c < probabilities.GetLength(1); c++)
        {
            if (probabilities[sample, c] > probabilities[sample, best])
            {
                best = c;
            }
        }
        return best;
    }
}
