namespace MeLo.Evaluation.Tests;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void RowsAreTrueAndColumnsArePredicted()
    {
        var matrix = ConfusionMatrix.FromPredictions([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classCount: 3);

        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } }, matrix.ToArray());
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(6, matrix.Total);
        Assert.Equal(3, matrix.ClassCount);
    }

    [Fact]
    public void OneVsRestCountsComeFromRowColumnAndRest()
    {
        var matrix = ConfusionMatrix.FromPredictions([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], classCount: 3);

        Assert.Equal(new BinaryConfusionCounts(TruePositives: 1, FalsePositives: 1, FalseNegatives: 1, TrueNegatives: 3), matrix.ForClass(0));
        Assert.Equal(new BinaryConfusionCounts(TruePositives: 2, FalsePositives: 0, FalseNegatives: 1, TrueNegatives: 3), matrix.ForClass(2));
    }

    [Fact]
    public void ToArrayIsACopy()
    {
        var matrix = ConfusionMatrix.FromPredictions([0], [0], classCount: 2);
        matrix.ToArray()[0, 0] = 99;

        Assert.Equal(1, matrix[0, 0]);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 1], [0], classCount: 2));
        Assert.Contains("2 true classes but 1 predictions", error.Message);
    }

    [Fact]
    public void PredictionOutsideTheClassesIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromPredictions([0, 1], [0, -1], classCount: 2));
        Assert.Equal("predictedClasses", error.ParamName);
    }
}
