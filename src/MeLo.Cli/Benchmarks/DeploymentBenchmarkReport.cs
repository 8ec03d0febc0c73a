namespace MeLo.Cli.Benchmarks;

/// <summary>Result of <see cref="DeploymentBenchmark"/>: the paper's Table 2 on one backbone.</summary>
public sealed record DeploymentBenchmarkReport(string Config, int Images, int Tasks, int Batch, int Threads, IReadOnlyList<DeploymentRow> Rows)
{
    /// <summary>Whether the MeLo methods ran through a live gateway and two silos (`--grid`) rather than one engine in process.</summary>
    public bool Grid { get; init; }

    /// <summary>With <see cref="Grid"/>: how many silos computed answers.</summary>
    public int? SilosAnswering { get; init; }

    public IReadOnlyList<DeploymentRatio> Ratios =>
        [.. Rows.GroupBy(r => r.Method).Select(g => new DeploymentRatio(g.Key,
            g.Single(r => r.Order == DeploymentBenchmark.Random).TotalSeconds / g.Single(r => r.Order == DeploymentBenchmark.InOrder).TotalSeconds))];

    public string ToText() => string.Join(Environment.NewLine, [
        $"{Config}: {Images} images over {Tasks} tasks, batch {Batch}, {Threads} threads" +
            (Grid ? $"; MeLo methods through a gateway and 2 silos in this process ({SilosAnswering} answered), finetuned-on-demand in process" : ""),
        $"{"method",-22} {"order",-9} {"TT s",9} {"ST s",9} {"switches",9} {"ST/switch ms",13}",
        .. Rows.Select(r => $"{r.Method,-22} {r.Order,-9} {r.TotalSeconds,9:F3} {r.SwitchSeconds,9:F3} {r.Switches,9} " +
                             $"{(r.Switches > 0 ? $"{1000 * r.SwitchSeconds / r.Switches:F2}" : "-"),13}"),
        "random / in-order TT: " + string.Join(", ", Ratios.Select(r => $"{r.Method} {r.RandomToInOrder:F2}")),
    ]);
}
