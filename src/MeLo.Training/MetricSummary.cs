namespace MeLo.Training;

/// <summary>The headline numbers of one evaluation, as fractions (NaN where undefined, e.g. AUC without positives).</summary>
public sealed record MetricSummary(double Loss, double Accuracy, double Sensitivity, double Precision, double F1Score, double Auc)
{
    /// <summary>The score to maximise for <paramref name="metric"/> (loss is negated).</summary>
    public double Score(SelectionMetric metric) => metric switch
    {
        SelectionMetric.Accuracy => Accuracy,
        SelectionMetric.Auc => Auc,
        SelectionMetric.F1Score => F1Score,
        _ => -Loss,
    };
}
