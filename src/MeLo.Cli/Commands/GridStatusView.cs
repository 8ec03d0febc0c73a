using System.Globalization;
using MeLo.Grid.Protos.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MeLo.Cli.Commands;

/// <summary>Renders a <see cref="GridStatus"/> as two tables: silos, and per-task rates and latencies.</summary>
static class GridStatusView
{
    public static IRenderable Render(GridStatus status)
    {
        var silos = new Table().Title("Silos").AddColumns("silo", "membership", "backbone", "device", "queue", "resident adapters",
            "grains", "items", "batches", "switches", "cold loads", "evictions");
        foreach (var silo in status.Silos)
            silos.AddRow(Cells(
                silo.Address, silo.Membership,
                silo.Reporting ? silo.Backbone : "(no backbone)",
                silo.Device,
                Number(silo.QueueDepth),
                silo.Reporting ? $"{silo.ResidentAdapters.Count}/{silo.AdapterCapacity} ({silo.PinnedAdapters} pinned, {silo.ResidentBytes / 1024.0:F0} KiB): {string.Join(", ", silo.ResidentAdapters)}" : "",
                Number(silo.AdapterGrains), Number(silo.Items), Number(silo.Batches), Number(silo.AdapterSwitches), Number(silo.ColdLoads), Number(silo.Evictions)));
        var tasks = new Table().Title($"Tasks (this gateway, last {status.WindowSeconds:F0} s)")
            .AddColumns("task", "items", "failed", "items/s", "p50 ms", "p95 ms", "p99 ms");
        foreach (var task in status.Tasks)
            tasks.AddRow(Cells(task.Task, Number(task.Items), Number(task.Failed), Fixed(task.ItemsPerSecond, "F2"),
                Fixed(task.LatencyP50Ms, "F1"), Fixed(task.LatencyP95Ms, "F1"), Fixed(task.LatencyP99Ms, "F1")));
        var time = status.Time?.ToDateTime().ToString("u", CultureInfo.InvariantCulture) ?? "";
        return new Rows(new Text($"MeLo.Grid status at {time}"), silos, tasks);
    }

    // Task ids and versions are user-chosen text: escape them, never interpret them as markup.
    static IRenderable[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    static string Fixed(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
