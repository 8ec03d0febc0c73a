namespace MeLo.Evaluation;

/// <summary>
/// The C x C confusion matrix of a single-label task: rows are true classes, columns are predicted classes,
/// as scikit-learn's <c>confusion_matrix(y_true, y_pred, labels=range(C))</c>.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    private ConfusionMatrix(long[,] counts) => _counts = counts;

    /// <summary>The number of classes C.</summary>
    public int ClassCount => _counts.GetLength(0);

    /// <summary>The number of samples of class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public long this[int trueClass, int predictedClass] => _counts[trueClass, predictedClass];

    /// <summary>All samples counted.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var count in _counts)
            {
                total += count;
            }
            return total;
        }
    }

    /// <summary>Counts the pairs of true and predicted classes.</summary>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, <paramref name="classCount"/> is below 1, or a class index is outside [0, classCount).
    /// </exception>
    public static ConfusionMatrix FromPredictions(ReadOnlySpan<int> trueClasses, ReadOnlySpan<int> predictedClasses, int classCount)
    {
        if (classCount < 1)
        {
            throw new ArgumentException($"A confusion matrix needs at least one class, not {classCount}.", nameof(classCount));
        }
        if (trueClasses.Length != predictedClasses.Length)
        {
            throw new ArgumentException(
                $"There are {trueClasses.Length} true classes but {predictedClasses.Length} predictions; they must pair up one to one.",
                nameof(predictedClasses));
        }

        var counts = new long[classCount, classCount];
        for (var i = 0; i < trueClasses.Length; i++)
        {
            counts[CheckClass(trueClasses[i], classCount, i, nameof(trueClasses)),
                   CheckClass(predictedClasses[i], classCount, i, nameof(predictedClasses))]++;
        }
        return new ConfusionMatrix(counts);
    }

    /// <summary>
    /// The one-vs-rest counts of <paramref name="classIndex"/>: its diagonal cell is TP, the rest of its row FN,
    /// the rest of its column FP, and everything else TN.
    /// </summary>
    public BinaryConfusionCounts ForClass(int classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, ClassCount);

        long truePositives = _counts[classIndex, classIndex], rowTotal = 0, columnTotal = 0;
        for (var other = 0; other < ClassCount; other++)
        {
            rowTotal += _counts[classIndex, other];
            columnTotal += _counts[other, classIndex];
        }
        var falseNegatives = rowTotal - truePositives;
        var falsePositives = columnTotal - truePositives;
        return new BinaryConfusionCounts(truePositives, falsePositives, falseNegatives,
            Total - truePositives - falsePositives - falseNegatives);
    }

    /// <summary>A copy of the counts as a [true, predicted] array.</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();

    private static int CheckClass(int classIndex, int classCount, int sample, string parameterName) =>
        (uint)classIndex < (uint)classCount
            ? classIndex
            : throw new ArgumentException(
                $"Sample {sample} has class {classIndex}, outside the {classCount} classes [0, {classCount - 1}].",
                parameterName);
}
