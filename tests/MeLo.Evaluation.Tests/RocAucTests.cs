namespace MeLo.Evaluation.Tests;

public sealed class RocAucTests
{
    [Fact]
    public void Scikit_learn_documentation_example_gives_three_quarters()
    {
        // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        Assert.Equal(0.75, RocAuc.Compute([false, false, true, true], [0.1, 0.4, 0.35, 0.8]), 12);
    }

    [Fact]
    public void Tied_positive_and_negative_count_half()
    {
        // Pairs (positive, negative): (0.5, 0.5) = 1/2, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
        Assert.Equal(0.875, RocAuc.Compute([false, true, false, true], [0.5, 0.5, 0.2, 0.9]), 12);
    }

    [Fact]
    public void All_scores_tied_give_one_half()
    {
        Assert.Equal(0.5, RocAuc.Compute([true, false, true, false, false], [0.3, 0.3, 0.3, 0.3, 0.3]), 12);
    }

    [Fact]
    public void Perfect_and_reversed_ranking_give_one_and_zero()
    {
        Assert.Equal(1.0, RocAuc.Compute([false, false, true], [0.1, 0.2, 0.9]));
        Assert.Equal(0.0, RocAuc.Compute([true, false, false], [0.1, 0.2, 0.9]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_class_only_is_undefined(bool label)
    {
        Assert.True(double.IsNaN(RocAuc.Compute([label, label, label], [0.1, 0.5, 0.9])));
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([], []));
        Assert.Contains("At least one sample", error.Message);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, false], [0.5]));
        Assert.Contains("2 labels but 1 scores", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_scores_are_rejected(double score)
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, false], [score, 0.5]));
    }
}
