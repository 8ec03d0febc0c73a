namespace MeLo.Evaluation.Tests;

public sealed class RocAucTests
{
    [Fact]
    public void ScikitLearnDocumentationExampleGivesThreeQuarters()
    {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        Assert.Equal(0.75, RocAuc.Compute([false, false, true, true], [0.1, 0.4, 0.35, 0.8]), 12);
    }

    [Fact]
    public void TiedPositiveAndNegativeCountHalf()
    {
        // Pairs (positive, negative): (0.5, 0.5) = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
        Assert.Equal(0.875, RocAuc.Compute([false, true, false, true], [0.5, 0.5, 0.2, 0.9]), 12);
    }

    [Fact]
    public void AllScoresTiedGiveOneHalf()
    {
        Assert.Equal(0.5, RocAuc.Compute([true, false, true, false, false], [0.3, 0.3, 0.3, 0.3, 0.3]), 12);
    }

    [Fact]
    public void PerfectAndReversedRankingGiveOneAndZero()
    {
        Assert.Equal(1.0, RocAuc.Compute([false, false, true], [0.1, 0.2, 0.9]));
        Assert.Equal(0.0, RocAuc.Compute([true, false, false], [0.1, 0.2, 0.9]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneClassOnlyIsUndefined(bool label)
    {
        Assert.True(double.IsNaN(RocAuc.Compute([label, label, label], [0.1, 0.5, 0.9])));
    }

    [Fact]
    public void EmptyInputIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([], []));
        Assert.Contains("At least one sample", error.Message);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, false], [0.5]));
        Assert.Contains("2 labels but 1 scores", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteScoresAreRejected(double score)
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, false], [score, 0.5]));
    }
}
