namespace MeLo.Evaluation;

/// <summary>
/// One row of a results table shaped like Table 1 of the MeLo paper. Metrics are fractions in [0, 1]
/// (NaN where undefined); <see cref="MetricsTableFormatter"/> prints them as percentages.
/// </summary>
public sealed record MetricsTableRow
{
    /// <summary>The dataset, e.g. "NIH ChestX-ray14".</summary>
    public required string Dataset { get; init; }

    /// <summary>The task kind, e.g. "Binary", "Multi-class" or "Multi-label".</summary>
    public required string Task { get; init; }

    /// <summary>The number of classes (single-label) or labels (multi-label).</summary>
    public required int ClassCount { get; init; }

    /// <summary>The method, e.g. "MeLo (LoRA r=4)" or "Full fine-tuning".</summary>
    public required string Method { get; init; }

    /// <summary>All parameters of the model that serves the task, frozen backbone included.</summary>
    public required long TotalParameters { get; init; }

    /// <summary>The parameters trained for the task (the LoRA adapter and head for MeLo).</summary>
    public required long TrainableParameters { get; init; }

    /// <summary>ACC as a fraction.</summary>
    public required double Accuracy { get; init; }

    /// <summary>SEN (macro sensitivity) as a fraction.</summary>
    public required double Sensitivity { get; init; }

    /// <summary>PRE (macro precision) as a fraction.</summary>
    public required double Precision { get; init; }

    /// <summary>F1S (macro F1) as a fraction.</summary>
    public required double F1Score { get; init; }

    /// <summary>AUC as a fraction.</summary>
    public required double Auc { get; init; }

    /// <summary>
    /// Multi-label tasks only: subset (exact-match) accuracy, the fraction of samples with every label right
    /// (<see cref="MultiLabelMetrics.SubsetAccuracy"/>), beside ACC's mean per-label accuracy. NaN for single-label tasks.
    /// </summary>
    public double SubsetAccuracy { get; init; } = double.NaN;

    /// <summary>A row for a single-label task; the task kind is "Binary" for two classes, otherwise "Multi-class".</summary>
    public static MetricsTableRow From(
        string dataset, string method, long totalParameters, long trainableParameters, SingleLabelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Row(dataset, metrics.ClassCount == 2 ? "Binary" : "Multi-class", metrics.ClassCount, method, totalParameters, trainableParameters,
            metrics.Accuracy, metrics.Sensitivity, metrics.Precision, metrics.F1Score, metrics.Auc);
    }

    /// <summary>A row for a multi-label task; ACC is the mean per-label accuracy (<see cref="MultiLabelMetrics.Accuracy"/>).</summary>
    public static MetricsTableRow From(
        string dataset, string method, long totalParameters, long trainableParameters, MultiLabelMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Row(dataset, "Multi-label", metrics.LabelCount, method, totalParameters, trainableParameters,
            metrics.Accuracy, metrics.Sensitivity, metrics.Precision, metrics.F1Score, metrics.Auc) with { SubsetAccuracy = metrics.SubsetAccuracy };
    }

    static MetricsTableRow Row(string dataset, string task, int classCount, string method, long total, long trainable,
        double accuracy, double sensitivity, double precision, double f1Score, double auc) => new()
    {
        Dataset = dataset, Task = task, ClassCount = classCount, Method = method,
        TotalParameters = total, TrainableParameters = trainable,
        Accuracy = accuracy, Sensitivity = sensitivity, Precision = precision, F1Score = f1Score, Auc = auc,
    };
}
