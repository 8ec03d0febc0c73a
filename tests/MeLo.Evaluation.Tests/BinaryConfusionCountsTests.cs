namespace MeLo.Evaluation.Tests;

public sealed class BinaryConfusionCountsTests
{
    [Fact]
    public void Rates_follow_their_definitions()
    {
        var counts = new BinaryConfusionCounts(TruePositives: 6, FalsePositives: 2, FalseNegatives: 4, TrueNegatives: 8);

        Assert.Equal(20, counts.Total);
        Assert.Equal(0.7, counts.Accuracy, 12);
        Assert.Equal(0.6, counts.Sensitivity, 12);
        Assert.Equal(0.75, counts.Precision, 12);
        Assert.Equal(2 * 0.6 * 0.75 / (0.6 + 0.75), counts.F1Score, 12);
    }

    [Fact]
    public void Zero_denominators_give_zero()
    {
        var neverOccursNorPredicted = new BinaryConfusionCounts(0, 0, 0, 5);
        Assert.Equal(0.0, neverOccursNorPredicted.Sensitivity);
        Assert.Equal(0.0, neverOccursNorPredicted.Precision);
        Assert.Equal(0.0, neverOccursNorPredicted.F1Score);
        Assert.Equal(1.0, neverOccursNorPredicted.Accuracy);

        Assert.Equal(0.0, default(BinaryConfusionCounts).Accuracy);
    }
}
