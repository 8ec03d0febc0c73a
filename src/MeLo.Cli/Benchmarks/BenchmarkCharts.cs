using System.Globalization;
using ScottPlot;

namespace MeLo.Cli.Benchmarks;

/// <summary>PNG charts of the deployment and adapter-residency benchmarks (ScottPlot, as the training plots).</summary>
public static class BenchmarkCharts
{
    const int Width = 900, Height = 500;

    /// <summary>Grouped bars: TT per method, in-order beside random, with the switch time ST drawn over each bar's foot.</summary>
    public static void Deployment(string path, DeploymentBenchmarkReport report)
    {
        var plot = new Plot();
        var methods = report.Rows.Select(r => r.Method).Distinct().ToArray();
        var orders = new[] { (DeploymentBenchmark.InOrder, Colors.SteelBlue), (DeploymentBenchmark.Random, Colors.DarkOrange) };
        var bars = new List<Bar>();
        for (int m = 0; m < methods.Length; m++)
            for (int o = 0; o < orders.Length; o++)
            {
                var row = report.Rows.Single(r => r.Method == methods[m] && r.Order == orders[o].Item1);
                double x = m * (orders.Length + 1) + o;
                bars.Add(new Bar { Position = x, Value = row.TotalSeconds, FillColor = orders[o].Item2 });
                bars.Add(new Bar { Position = x, Value = row.SwitchSeconds, FillColor = Colors.Black.WithAlpha(0.45), Size = 0.5 });
            }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(methods.Select((_, m) => m * (orders.Length + 1) + 0.5).ToArray(), methods);
        foreach (var (order, color) in orders)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"TT {order}", FillColor = color });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "ST (switch time)", FillColor = Colors.Black.WithAlpha(0.45) });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{report.Config}: {report.Images} images over {report.Tasks} tasks");
        plot.YLabel("seconds");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Per adapter count: resident adapter MiB and process RSS MiB (left axis), throughput ratio (right axis).</summary>
    public static void Adapters(string path, AdaptersBenchmarkReport report)
    {
        var plot = new Plot();
        double[] x = report.Rows.Select((_, i) => (double)i).ToArray();
        var adapterMib = plot.Add.Scatter(x, report.Rows.Select(r => r.AdapterBytes / 1048576.0).ToArray());
        adapterMib.LegendText = "resident adapters (MiB)";
        var rss = plot.Add.Scatter(x, report.Rows.Select(r => r.RssBytes / 1048576.0).ToArray());
        rss.LegendText = "process RSS (MiB)";
        var ratio = plot.Add.Scatter(x, report.Rows.Select(r => r.ThroughputRatio).ToArray());
        ratio.LegendText = "throughput random / single task";
        ratio.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Bottom.SetTicks(x, report.Rows.Select(r => r.Adapters.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Right.Label.Text = "throughput ratio";
        plot.XLabel("resident adapters");
        plot.YLabel("MiB");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title($"{report.Config}: adapter residency sweep (r={report.Rank})");
        plot.SavePng(path, Width, Height);
    }
}
