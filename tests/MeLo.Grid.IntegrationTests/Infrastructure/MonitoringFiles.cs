using System.Text.Json;
using System.Text.RegularExpressions;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>The Grafana dashboard and Prometheus alert rules under deploy/monitoring (copied next to the tests).</summary>
static partial class MonitoringFiles
{
    public static string Dashboard => Path.Combine(AppContext.BaseDirectory, "monitoring", "grafana-dashboard.json");
    public static string AlertRules => Path.Combine(AppContext.BaseDirectory, "monitoring", "prometheus-rules.yml");

    /// <summary>Every PromQL expression of the dashboard's panels.</summary>
    public static IReadOnlyList<string> DashboardExpressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Dashboard));
        return [.. document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)];
    }

    /// <summary>The MeLo metric names (melo_*) used by the dashboard and the alert rules.</summary>
    public static IReadOnlySet<string> MetricNames() =>
        MeloMetric().Matches(string.Join("\n", DashboardExpressions()) + "\n" + File.ReadAllText(AlertRules))
            .Select(m => m.Value).ToHashSet();

    /// <summary>The label names of one Prometheus sample line.</summary>
    public static IEnumerable<string> LabelNames(string sample) => Label().Matches(sample).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=")]
    private static partial Regex Label();

    [GeneratedRegex(@"\bmelo_[a-z0-9_]+")]
    private static partial Regex MeloMetric();
}
