namespace MeLo.Evaluation.Tests;

public sealed class MultiLabelEvaluatorTests
{
    private const int Precision = 12;

    private static readonly bool[,] Truth = { { true, false }, { false, true }, { true, true }, { false, false } };

    private static readonly double[,] Probabilities = { { 0.9, 0.2 }, { 0.5, 0.3 }, { 0.4, 0.6 }, { 0.1, 0.1 } };

    [Fact]
    public void Two_label_hand_computed_case_with_per_label_thresholds()
    {
        // Label 0 at 0.5 predicts samples 0 and 1 (0.5 counts as positive): TP 1, FP 1, FN 1, TN 1.
        // Label 1 at 0.3 predicts samples 1 and 2: all right.
        var metrics = MultiLabelEvaluator.Evaluate(Truth, Probabilities, [0.5, 0.3]);

        Assert.Equal(new BinaryConfusionCounts(1, 1, 1, 1), metrics.PerLabel[0].Counts);
        Assert.Equal(new BinaryConfusionCounts(2, 0, 0, 2), metrics.PerLabel[1].Counts);
        Assert.Equal([0.5, 1.0], metrics.PerLabel.Select(m => m.Accuracy));
        Assert.Equal([0.75, 1.0], metrics.PerLabel.Select(m => m.Auc));
        Assert.Equal(0.75, metrics.Accuracy, Precision);
        Assert.Equal(0.5, metrics.SubsetAccuracy, Precision);
        Assert.Equal(0.75, metrics.Sensitivity, Precision);
        Assert.Equal(0.75, metrics.Precision, Precision);
        Assert.Equal(0.75, metrics.F1Score, Precision);
        Assert.Equal(0.875, metrics.Auc, Precision);
        Assert.True(metrics.IsAucComplete);
    }

    [Fact]
    public void Thresholds_default_to_one_half()
    {
        var metrics = MultiLabelEvaluator.Evaluate(Truth, Probabilities);

        Assert.All(metrics.PerLabel, m => Assert.Equal(MultiLabelEvaluator.DefaultThreshold, m.Threshold));
        // Label 1 at 0.5 now misses sample 1 (0.3).
        Assert.Equal(new BinaryConfusionCounts(1, 0, 1, 2), metrics.PerLabel[1].Counts);
    }

    [Fact]
    public void Float_and_double_inputs_agree()
    {
        float[,] floats = { { 0.9f, 0.2f }, { 0.5f, 0.3f }, { 0.4f, 0.6f }, { 0.1f, 0.1f } };

        var metrics = MultiLabelEvaluator.Evaluate(Truth, floats, [0.5, 0.25]);

        Assert.Equal(0.875, metrics.Auc, Precision);
        Assert.Equal(new BinaryConfusionCounts(2, 0, 0, 2), metrics.PerLabel[1].Counts);
    }

    [Fact]
    public void Label_without_positives_flags_AUC_as_undefined()
    {
        bool[,] truth = { { true, false }, { false, false }, { true, false } };
        double[,] probabilities = { { 0.9, 0.6 }, { 0.2, 0.1 }, { 0.7, 0.2 } };

        var metrics = MultiLabelEvaluator.Evaluate(truth, probabilities);

        Assert.True(double.IsNaN(metrics.PerLabel[1].Auc));
        Assert.False(metrics.PerLabel[1].IsAucDefined);
        Assert.Equal([1], metrics.AucUndefinedLabels);
        Assert.False(metrics.IsAucComplete);
        Assert.Equal(1.0, metrics.Auc, Precision);
        // Label 1 has no positive and one false positive: sensitivity, precision and F1 are 0 by zero_division=0.
        Assert.Equal(0.0, metrics.PerLabel[1].Sensitivity);
        Assert.Equal(0.0, metrics.PerLabel[1].F1Score);
    }

    [Fact]
    public void Every_label_undefined_gives_NaN_AUC()
    {
        var metrics = MultiLabelEvaluator.Evaluate(new[,] { { true }, { true } }, new[,] { { 0.2 }, { 0.8 } });

        Assert.True(double.IsNaN(metrics.Auc));
        Assert.Equal([0], metrics.AucUndefinedLabels);
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(new bool[0, 14], new double[0, 14]));
        Assert.Contains("input is empty", error.Message);
    }

    [Fact]
    public void Mismatched_sample_counts_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(Truth, new double[3, 2]));
        Assert.Contains("4 samples but the probabilities have 3 rows", error.Message);
    }

    [Fact]
    public void Mismatched_label_counts_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(Truth, new double[4, 3]));
        Assert.Contains("2 labels but the probabilities have 3 columns", error.Message);
    }

    [Fact]
    public void Wrong_threshold_count_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(Truth, Probabilities, [0.5]));
        Assert.Contains("2 labels but 1 thresholds", error.Message);
    }

    [Fact]
    public void NaN_threshold_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => MultiLabelEvaluator.Evaluate(Truth, Probabilities, [0.5, double.NaN]));
    }
}
