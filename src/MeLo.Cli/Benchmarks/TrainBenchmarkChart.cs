using ScottPlot;

namespace MeLo.Cli.Benchmarks;

/// <summary>The PNG chart of <c>melo bench train</c>: test ACC and AUC of each method, grouped per task.</summary>
public static class TrainBenchmarkChart
{
    const int Width = 1000, Height = 520;

    public static void Write(string path, TrainBenchmarkReport report)
    {
        var tasks = report.Runs.Select(r => r.Task).Distinct().ToArray();
        var methods = report.Runs.Select(r => r.Row.Method).Distinct().ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<(double Position, string Label)>();
        int group = 0;
        foreach (var task in tasks)
            foreach (var (metric, value) in new (string, Func<TrainBenchmarkRun, double>)[] { ("ACC", r => r.Row.Accuracy), ("AUC", r => r.Row.Auc) })
            {
                double start = group * (methods.Length + 1);
                for (int m = 0; m < methods.Length; m++)
                    if (report.Runs.FirstOrDefault(r => r.Task == task && r.Row.Method == methods[m]) is { } run && double.IsFinite(value(run)))
                        bars.Add(new Bar { Position = start + m, Value = 100 * value(run), FillColor = palette.GetColor(m) });
                ticks.Add((start + ((methods.Length - 1) / 2.0), $"{task}\n{metric}"));
                group++;
            }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => t.Position).ToArray(), ticks.Select(t => t.Label).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        for (int m = 0; m < methods.Length; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = methods[m], FillColor = palette.GetColor(m) });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.SetLimitsY(0, 105);
        // The backbone is named in the text report; a long title would be cut off at this width.
        plot.Title("SYNTHETIC tasks on the pretrained demo backbone: test ACC and AUC (%)");
        plot.YLabel("percent");
        plot.SavePng(path, Width, Height);
    }
}
