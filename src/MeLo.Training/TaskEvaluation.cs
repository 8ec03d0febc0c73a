using MeLo.Evaluation;

namespace MeLo.Training;

/// <summary>
/// A model's predictions on one dataset part and the MeLo paper's metrics for them (see src/MeLo.Evaluation/METRICS.md).
/// Truth is kept multi-hot for both task kinds (one-hot for single-label), which is also what ROC curves need.
/// </summary>
public sealed class TaskEvaluation
{
    TaskEvaluation(IReadOnlyList<string> labels, bool multiLabel, double loss, bool[,] truth, double[,] probabilities, IReadOnlyList<string> imagePaths,
        IReadOnlyList<double>? thresholds)
    {
        Labels = labels;
        IsMultiLabel = multiLabel;
        Truth = truth;
        Probabilities = probabilities;
        ImagePaths = imagePaths;
        if (multiLabel)
        {
            MultiLabel = MultiLabelEvaluator.Evaluate(truth, probabilities, thresholds);
            Summary = new MetricSummary(loss, MultiLabel.Accuracy, MultiLabel.Sensitivity, MultiLabel.Precision, MultiLabel.F1Score, MultiLabel.Auc);
        }
        else
        {
            var classes = Enumerable.Range(0, truth.GetLength(0))
                .Select(i => Enumerable.Range(0, labels.Count).First(c => truth[i, c])).ToArray();
            SingleLabel = SingleLabelEvaluator.Evaluate(classes, probabilities);
            Summary = new MetricSummary(loss, SingleLabel.Accuracy, SingleLabel.Sensitivity, SingleLabel.Precision, SingleLabel.F1Score, SingleLabel.Auc);
        }
    }

    public IReadOnlyList<string> Labels { get; }

    public bool IsMultiLabel { get; }

    /// <summary>[n, classes] multi-hot truth.</summary>
    public bool[,] Truth { get; }

    /// <summary>[n, classes]: softmax probabilities (single-label) or per-label sigmoids (multi-label).</summary>
    public double[,] Probabilities { get; }

    /// <summary>The images evaluated, in row order (bad files skipped under the skip policy are absent).</summary>
    public IReadOnlyList<string> ImagePaths { get; }

    public SingleLabelMetrics? SingleLabel { get; }

    public MultiLabelMetrics? MultiLabel { get; }

    public MetricSummary Summary { get; }

    public int SampleCount => Truth.GetLength(0);

    /// <param name="thresholds">Multi-label decision thresholds, one per label; null gives every label 0.5.</param>
    /// <exception cref="ArgumentException">No samples, or a single-label row that is not one-hot.</exception>
    public static TaskEvaluation From(IReadOnlyList<string> labels, bool multiLabel, double loss, bool[,] truth, double[,] probabilities,
        IReadOnlyList<string> imagePaths, IReadOnlyList<double>? thresholds = null)
    {
        if (truth.GetLength(0) == 0)
            throw new ArgumentException("Nothing to evaluate: no image could be read.");
        if (!multiLabel && Enumerable.Range(0, truth.GetLength(0)).Any(i => Enumerable.Range(0, labels.Count).Count(c => truth[i, c]) != 1))
            throw new ArgumentException("Single-label truth must be one-hot.");
        return new TaskEvaluation(labels, multiLabel, loss, truth, probabilities, imagePaths, thresholds);
    }

    public IReadOnlyList<ClassSummary> PerClass =>
        IsMultiLabel
            ? MultiLabel!.PerLabel.Select(m => new ClassSummary(Labels[m.LabelIndex], m.Counts.Positives, m.Sensitivity, m.Precision, m.F1Score, m.Auc)).ToArray()
            : SingleLabel!.PerClass.Select(m => new ClassSummary(Labels[m.ClassIndex], m.Counts.Positives, m.Counts.Sensitivity, m.Counts.Precision, m.Counts.F1Score, m.Auc)).ToArray();

    public MetricsTableRow ToRow(string dataset, string method, long totalParameters, long trainableParameters) =>
        IsMultiLabel
            ? MetricsTableRow.From(dataset, method, totalParameters, trainableParameters, MultiLabel!)
            : MetricsTableRow.From(dataset, method, totalParameters, trainableParameters, SingleLabel!);

    /// <summary>The row plus the confusion matrix (single-label) and per-class numbers, for printing and JSON.</summary>
    public EvaluationReport ToReport(string dataset, string method, long totalParameters, long trainableParameters, IReadOnlyList<Data.SkippedFile> skipped) => new(
        ToRow(dataset, method, totalParameters, trainableParameters),
        Summary,
        SampleCount,
        SingleLabel is { } single
            ? Enumerable.Range(0, Labels.Count).Select(t => Enumerable.Range(0, Labels.Count).Select(p => single.ConfusionMatrix[t, p]).ToArray()).ToArray()
            : null,
        PerClass,
        skipped);
}
