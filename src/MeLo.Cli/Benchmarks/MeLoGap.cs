namespace MeLo.Cli.Benchmarks;

/// <summary>
/// MeLo minus full fine-tuning on one task, in percentage points of test ACC and AUC. The paper's claim is that MeLo is
/// on par with full fine-tuning; the target is that neither number falls more than <see cref="TargetPoints"/> below.
/// </summary>
public sealed record MeLoGap(string Task, double AccuracyPoints, double AucPoints)
{
    public const double TargetPoints = 2;

    /// <summary>"within" (both gaps within ±2), "ahead" (MeLo more than 2 points better on one, not worse on the other) or "behind".</summary>
    public string Verdict => Math.Min(AccuracyPoints, AucPoints) < -TargetPoints ? "behind"
        : Math.Max(AccuracyPoints, AucPoints) > TargetPoints ? "ahead"
        : "within";

    /// <summary>MeLo is not more than 2 points below full fine-tuning in either number.</summary>
    public bool MeetsTarget => Verdict != "behind";

    /// <summary>One gap per task that has both a lora and a full run.</summary>
    public static IReadOnlyList<MeLoGap> Of(IReadOnlyList<TrainBenchmarkRun> runs) =>
    [
        .. from lora in runs
           where lora.Mode == "lora"
           join full in runs.Where(r => r.Mode == "full") on lora.Task equals full.Task
           select new MeLoGap(lora.Task, 100 * (lora.Row.Accuracy - full.Row.Accuracy), 100 * (lora.Row.Auc - full.Row.Auc)),
    ];
}
