using MeLo.Cli.Benchmarks;
using MeLo.Evaluation;

namespace MeLo.Cli.Tests;

/// <summary>The headline of <c>melo bench train</c>: MeLo minus full fine-tuning, and whether that meets the 2-point target.</summary>
public sealed class MeLoGapTests
{
    [Theory]
    [InlineData(0.90, 0.95, 0.89, 0.96, "within")] // -1 and -1 points
    [InlineData(0.90, 0.95, 0.93, 0.95, "behind")] // ACC 3 points below
    [InlineData(0.90, 0.90, 0.90, 0.925, "behind")] // AUC 2.5 points below
    [InlineData(0.85, 0.95, 0.80, 0.94, "ahead")] // ACC 5 points above, AUC 1 above
    [InlineData(0.85, 0.90, 0.80, 0.95, "behind")] // above on ACC does not excuse 5 below on AUC
    public void The_gap_is_judged_on_both_numbers(double loraAccuracy, double loraAuc, double fullAccuracy, double fullAuc, string verdict)
    {
        var gap = MeLoGap.Of([Run("t", "lora", loraAccuracy, loraAuc), Run("t", "full", fullAccuracy, fullAuc), Run("t", "head", 0.1, 0.1)]).Single();

        Assert.Equal(100 * (loraAccuracy - fullAccuracy), gap.AccuracyPoints, 9);
        Assert.Equal(100 * (loraAuc - fullAuc), gap.AucPoints, 9);
        Assert.Equal(verdict, gap.Verdict);
        Assert.Equal(verdict != "behind", gap.MeetsTarget);
    }

    [Fact]
    public void Only_tasks_with_both_a_lora_and_a_full_run_get_a_gap()
    {
        var gaps = MeLoGap.Of([Run("a", "lora", 0.9, 0.9), Run("b", "full", 0.9, 0.9), Run("c", "lora", 0.8, 0.8), Run("c", "full", 0.7, 0.7)]);

        Assert.Equal("c", Assert.Single(gaps).Task);
    }

    static TrainBenchmarkRun Run(string task, string mode, double accuracy, double auc) => new(task, mode, 1e-3, new MetricsTableRow
    {
        Dataset = task, Task = "Binary", ClassCount = 2, Method = mode, TotalParameters = 100, TrainableParameters = 10,
        Accuracy = accuracy, Sensitivity = accuracy, Precision = accuracy, F1Score = accuracy, Auc = auc,
    }, 1, 1, 0, 0, 1);
}
