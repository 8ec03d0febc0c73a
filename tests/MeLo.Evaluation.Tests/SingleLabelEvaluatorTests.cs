namespace MeLo.Evaluation.Tests;

public sealed class SingleLabelEvaluatorTests
{
    private const int Precision = 12;

    [Fact]
    public void Three_class_hand_computed_case()
    {
        // Argmax: 0, 1, 1, 2, 2, 0 against truth 0, 0, 1, 1, 2, 2: every class has one hit and one miss.
        int[] truth = [0, 0, 1, 1, 2, 2];
        double[,] probabilities =
        {
            { 0.7, 0.2, 0.1 },
            { 0.3, 0.4, 0.3 },
            { 0.1, 0.8, 0.1 },
            { 0.2, 0.3, 0.5 },
            { 0.1, 0.1, 0.8 },
            { 0.5, 0.2, 0.3 },
        };

        var metrics = SingleLabelEvaluator.Evaluate(truth, probabilities);

        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 1, 1 }, { 1, 0, 1 } }, metrics.ConfusionMatrix.ToArray());
        Assert.Equal(0.5, metrics.Accuracy, Precision);
        Assert.Equal(0.5, metrics.Sensitivity, Precision);
        Assert.Equal(0.5, metrics.Precision, Precision);
        Assert.Equal(0.5, metrics.F1Score, Precision);
        // Class 0: 7 of 8 pairs ranked right; class 1: 7 of 8; class 2: 6 right and one tie (0.3 vs 0.3) of 8.
        Assert.Equal([0.875, 0.875, 0.8125], metrics.PerClass.Select(m => m.Auc));
        Assert.Equal((0.875 + 0.875 + 0.8125) / 3, metrics.Auc, Precision);
        Assert.True(metrics.IsAucComplete);
        Assert.Equal(6, metrics.SampleCount);
        Assert.Equal(3, metrics.ClassCount);
    }

    [Fact]
    public void Binary_AUC_uses_the_positive_column()
    {
        // Column 0 is deliberately not 1 - column 1: the binary AUC must come from column 1 alone.
        int[] truth = [0, 1, 0, 1];
        double[,] probabilities = { { 0.9, 0.2 }, { 0.9, 0.8 }, { 0.1, 0.4 }, { 0.1, 0.3 } };

        var metrics = SingleLabelEvaluator.Evaluate(truth, probabilities);

        Assert.Equal(0.75, metrics.Auc, Precision);
        Assert.Equal(metrics.PerClass[1].Auc, metrics.Auc);
    }

    [Fact]
    public void Argmax_ties_pick_the_first_class()
    {
        var metrics = SingleLabelEvaluator.Evaluate([1, 1], new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } });

        Assert.Equal(2, metrics.ConfusionMatrix[1, 0]);
        Assert.Equal(0.0, metrics.Accuracy);
    }

    [Fact]
    public void Class_never_predicted_contributes_zero_precision()
    {
        // Class 2 occurs once but is never predicted: precision 0 (zero_division=0), still in the macro mean.
        var metrics = SingleLabelEvaluator.Evaluate([0, 1, 2], new[,] { { 0.8, 0.1, 0.1 }, { 0.1, 0.8, 0.1 }, { 0.5, 0.2, 0.3 } });

        Assert.Equal(0.0, metrics.PerClass[2].Precision);
        Assert.Equal((0.5 + 1.0 + 0.0) / 3, metrics.Precision, Precision);
        Assert.Equal((1.0 + 1.0 + 0.0) / 3, metrics.Sensitivity, Precision);
    }

    [Fact]
    public void Class_neither_true_nor_predicted_is_left_out_of_macro_scores()
    {
        // Column 2 never wins and never occurs: like scikit-learn's default labels, the macro mean is over classes 0 and 1.
        var metrics = SingleLabelEvaluator.Evaluate([0, 1, 1], new[,] { { 0.6, 0.3, 0.1 }, { 0.2, 0.7, 0.1 }, { 0.6, 0.3, 0.1 } });

        Assert.False(metrics.PerClass[2].IsObserved);
        Assert.Equal((1.0 + 0.5) / 2, metrics.Sensitivity, Precision);
        Assert.Equal([2], metrics.AucUndefinedClasses);
        Assert.False(metrics.IsAucComplete);
        Assert.Equal((metrics.PerClass[0].Auc + metrics.PerClass[1].Auc) / 2, metrics.Auc, Precision);
    }

    [Fact]
    public void All_samples_of_one_class_flag_AUC_as_undefined()
    {
        var binary = SingleLabelEvaluator.Evaluate([1, 1, 1], new[,] { { 0.2, 0.8 }, { 0.6, 0.4 }, { 0.1, 0.9 } });

        Assert.True(double.IsNaN(binary.Auc));
        Assert.False(binary.IsAucComplete);
        Assert.Equal([0, 1], binary.AucUndefinedClasses);
        Assert.Equal(2.0 / 3, binary.Accuracy, Precision);

        var multiClass = SingleLabelEvaluator.Evaluate([2, 2], new[,] { { 0.2, 0.3, 0.5 }, { 0.6, 0.3, 0.1 } });

        Assert.True(double.IsNaN(multiClass.Auc));
        Assert.Equal([0, 1, 2], multiClass.AucUndefinedClasses);
    }

    [Fact]
    public void Float_and_double_inputs_agree()
    {
        int[] truth = [0, 1, 2, 1];
        float[,] floats = { { 0.6f, 0.3f, 0.1f }, { 0.2f, 0.7f, 0.1f }, { 0.3f, 0.3f, 0.4f }, { 0.5f, 0.25f, 0.25f } };
        var doubles = new double[4, 3];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                doubles[i, j] = floats[i, j];
            }
        }

        var fromFloats = SingleLabelEvaluator.Evaluate(truth, floats);
        var fromDoubles = SingleLabelEvaluator.Evaluate(truth, doubles);

        Assert.Equal(fromDoubles.Auc, fromFloats.Auc);
        Assert.Equal(fromDoubles.Accuracy, fromFloats.Accuracy);
        Assert.Equal(fromDoubles.ConfusionMatrix.ToArray(), fromFloats.ConfusionMatrix.ToArray());
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SingleLabelEvaluator.Evaluate([], new double[0, 3]));
        Assert.Contains("input is empty", error.Message);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SingleLabelEvaluator.Evaluate([0, 1, 1], new[,] { { 0.4, 0.6 }, { 0.3, 0.7 } }));
        Assert.Contains("3 samples but the probabilities have 2 rows", error.Message);
    }

    [Fact]
    public void Class_outside_the_columns_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SingleLabelEvaluator.Evaluate([0, 2], new[,] { { 0.4, 0.6 }, { 0.3, 0.7 } }));
        Assert.Contains("Sample 1 has class 2", error.Message);
    }

    [Fact]
    public void Single_column_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SingleLabelEvaluator.Evaluate([0], new[,] { { 1.0 } }));
        Assert.Contains("at least two classes", error.Message);
    }

    [Fact]
    public void NaN_probability_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SingleLabelEvaluator.Evaluate([0, 1], new[,] { { 0.4, 0.6 }, { double.NaN, 0.7 } }));
        Assert.Contains("sample 1, column 0", error.Message);
    }
}
