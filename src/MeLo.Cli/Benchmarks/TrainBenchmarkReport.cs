using System.Globalization;
using System.Text;
using MeLo.Evaluation;

namespace MeLo.Cli.Benchmarks;

/// <summary>Result of <see cref="TrainBenchmark"/>: a Table-1 analogue on synthetic data plus cost per mode.</summary>
public sealed record TrainBenchmarkReport(string Backbone, int Epochs, int Threads, string Data, IReadOnlyList<TrainBenchmarkRun> Runs)
{
    public const string Banner = "SYNTHETIC DATA - generated patterns on the pretrained demo backbone, which was pretrained by `melo pretrain` on a SYNTHETIC " +
        "source distribution (not ImageNet); not medical results and not comparable to the MeLo paper's numbers.";

    public IReadOnlyList<MeLoGap> Gaps => MeLoGap.Of(Runs);

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(Banner);
        text.AppendLine(CultureInfo.InvariantCulture, $"backbone {Backbone}; {Epochs} epochs per run; {Threads} torch threads; {Data}");
        text.AppendLine("ACC: single-label tasks, fraction of images right; multi-label tasks (nih-like), mean per-label accuracy. Subset ACC: multi-label exact match.");
        text.AppendLine();
        text.Append(MetricsTableFormatter.Format(Runs.Select(r => r.Row)));
        text.AppendLine();
        var lines = new List<string[]> { new[] { "Dataset", "Method", "lr", "Trainable", "Trainable %", "Subset ACC", "Train img/s", "Train s", "Peak RSS MiB", "RSS growth MiB", "Best epoch" } };
        lines.AddRange(Runs.Select(r => new[]
        {
            r.Task, r.Row.Method, r.LearningRate.ToString("G3", CultureInfo.InvariantCulture), r.Row.TrainableParameters.ToString("N0", CultureInfo.InvariantCulture),
            (100.0 * r.Row.TrainableParameters / r.Row.TotalParameters).ToString("F2", CultureInfo.InvariantCulture),
            MetricsTableFormatter.FormatPercentage(r.Row.SubsetAccuracy),
            r.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture), r.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture),
            Mib(r.PeakWorkingSetBytes), Mib(r.PeakWorkingSetBytes - r.StartWorkingSetBytes), r.BestEpoch.ToString(CultureInfo.InvariantCulture),
        }));
        var widths = Enumerable.Range(0, lines[0].Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        foreach (var line in lines)
            text.AppendLine(string.Join("  ", line.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        if (Gaps.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"MeLo minus full fine-tuning (test, percentage points; target: not more than {MeLoGap.TargetPoints:0} below in either):");
            foreach (var gap in Gaps)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {gap.Task,-15} ACC {gap.AccuracyPoints,6:+0.0;-0.0;0.0}  AUC {gap.AucPoints,6:+0.0;-0.0;0.0}  {gap.Verdict}");
        }

        return text.ToString();
    }

    static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);
}
