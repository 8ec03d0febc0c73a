using ScottPlot;

namespace MeLo.Training;

/// <summary>PNG plots of a training run with ScottPlot: loss per epoch, the validation metric per epoch, ROC curves.</summary>
public static class TrainingPlots
{
    const int Width = 800, Height = 500;

    /// <summary>Writes loss.png, metric.png and roc.png into <paramref name="directory"/>; returns their paths.</summary>
    /// <param name="evaluation">The evaluation whose ROC curves are drawn (the test part, or validation without one).</param>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<EpochRecord> epochs, SelectionMetric selectedBy, TaskEvaluation evaluation, string title)
    {
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        string loss = Path.Combine(directory, "loss.png");
        Line(loss, $"{title}: loss", "loss", x,
            ("train", epochs.Select(e => e.TrainLoss)), ("validation", epochs.Select(e => e.Validation.Loss)));

        string metric = Path.Combine(directory, "metric.png");
        Line(metric, $"{title}: validation metrics (best by {selectedBy})", "fraction", x,
            ("accuracy", epochs.Select(e => e.Validation.Accuracy)), ("AUC", epochs.Select(e => e.Validation.Auc)),
            ("F1", epochs.Select(e => e.Validation.F1Score)));

        string roc = Path.Combine(directory, "roc.png");
        Roc(roc, $"{title}: ROC ({evaluation.SampleCount} images)", evaluation);
        return [loss, metric, roc];
    }

    internal static void Line(string path, string title, string yLabel, double[] x, params (string Name, IEnumerable<double> Values)[] series)
    {
        var plot = new Plot();
        foreach (var (name, values) in series)
        {
            var scatter = plot.Add.Scatter(x, values.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray());
            scatter.LegendText = name;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend();
        plot.SavePng(path, Width, Height);
    }

    static void Roc(string path, string title, TaskEvaluation evaluation)
    {
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        for (int c = 0; c < evaluation.Labels.Count; c++)
        {
            int column = c;
            var truth = Enumerable.Range(0, evaluation.SampleCount).Select(i => evaluation.Truth[i, column]).ToArray();
            var scores = Enumerable.Range(0, evaluation.SampleCount).Select(i => evaluation.Probabilities[i, column]).ToArray();
            if (RocCurve.Compute(truth, scores) is not { } curve)
                continue;
            var scatter = plot.Add.Scatter(curve.FalsePositiveRates, curve.TruePositiveRates);
            scatter.MarkerSize = 0;
            scatter.LegendText = $"{evaluation.Labels[c]} (AUC {evaluation.PerClass[c].Auc:F3})";
        }
        plot.Title(title);
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }
}
