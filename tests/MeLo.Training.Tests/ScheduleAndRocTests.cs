using MeLo.Evaluation;

namespace MeLo.Training.Tests;

public sealed class ScheduleAndRocTests
{
    [Fact]
    public void The_cosine_schedule_starts_at_the_base_rate_and_falls_to_the_floor()
    {
        Assert.Equal(1e-3, CosineSchedule.LearningRate(0, 10, 1e-3, 1e-6), 15);
        Assert.Equal((1e-3 + 1e-6) / 2, CosineSchedule.LearningRate(5, 10, 1e-3, 1e-6), 15);
        Assert.Equal(1e-6, CosineSchedule.LearningRate(10, 10, 1e-3, 1e-6), 15);
        var rates = Enumerable.Range(0, 10).Select(e => CosineSchedule.LearningRate(e, 10, 1e-3, 1e-6)).ToArray();
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second < p.First));
    }

    [Fact]
    public void The_roc_curve_walks_distinct_scores_and_its_area_is_the_auc()
    {
        bool[] positive = [true, false, true, true, false, false, true];
        double[] scores = [0.9, 0.8, 0.8, 0.6, 0.4, 0.2, 0.1];

        var curve = RocCurve.Compute(positive, scores)!;

        Assert.Equal([0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1, 1], curve.FalsePositiveRates);
        Assert.Equal([0, 0.25, 0.5, 0.75, 0.75, 0.75, 1], curve.TruePositiveRates);
        double area = 0;
        for (int i = 1; i < curve.FalsePositiveRates.Length; i++)
            area += (curve.FalsePositiveRates[i] - curve.FalsePositiveRates[i - 1]) * (curve.TruePositiveRates[i] + curve.TruePositiveRates[i - 1]) / 2;
        Assert.Equal(RocAuc.Compute(positive, scores), area, 12);
        Assert.Null(RocCurve.Compute([true, true], [0.1, 0.2]));
    }
}
