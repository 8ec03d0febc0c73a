namespace MeLo.Evaluation.Tests;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Rows_are_true_and_columns_are_predicted()
    {
        var matrix = ConfusionMatrix.FromPredictions([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classCount: 3);

        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } }, matrix.ToArray());
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(6, matrix.Total);
        Assert.Equal(3, matrix.ClassCount);
    }

    [Fact]
    public void One_vs_rest_counts_come_from_row_column_and_rest()
    {
        var matrix = ConfusionMatrix.FromPredictions([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classCount: 3);

        Assert.Equal(new BinaryConfusionCounts(TruePositives: 1, FalsePositives: 1, FalseNegatives: 1, TrueNegatives: 3), matrix.ForClass(0));
        Assert.Equal(new BinaryConfusionCounts(TruePositives: 2, FalsePositives: 0, FalseNegatives: 1, TrueNegatives: 3), matrix.ForClass(2));
    }

    [Fact]
    public void ToArray_is_a_copy()
    {
        var matrix = ConfusionMatrix.FromPredictions([0], [0], classCount: 2);
        matrix.ToArray()[0, 0] = 99;

        Assert.Equal(1, matrix[0, 0]);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 1], [0], classCount: 2));
        Assert.Contains("2 true classes but 1 predictions", error.Message);
    }

    [Fact]
    public void Prediction_outside_the_classes_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 1], [0, -1], classCount: 2));
        Assert.Equal("predictedClasses", error.ParamName);
    }
}
