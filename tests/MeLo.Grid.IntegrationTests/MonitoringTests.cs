using System.Diagnostics;
using System.Text.Json;
using MeLo.Grid.IntegrationTests.Infrastructure;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// deploy/monitoring: the alert rules pass Debian's promtool, and the Grafana dashboard is well-formed. That every metric
/// name they use is really served is checked against a live /metrics scrape in <see cref="PrometheusTests"/>.
/// </summary>
public sealed class MonitoringTests
{
    const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task Alert_rules_pass_promtool_and_cover_the_four_alerts()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install prometheus (apt).");
        using var check = Process.Start(new ProcessStartInfo(Promtool, ["check", "rules", MonitoringFiles.AlertRules])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await check.StandardOutput.ReadToEndAsync() + await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, output);
        Assert.Contains("SUCCESS: 4 rules found", output);
        var rules = await File.ReadAllTextAsync(MonitoringFiles.AlertRules);
        foreach (var alert in new[] { "MeLoQueueSaturation", "MeLoHighErrorRate", "MeLoSiloDown", "MeLoColdLoadStorm" })
            Assert.Contains($"alert: {alert}", rules);
    }

    [Fact]
    public void The_dashboard_is_a_well_formed_grafana_dashboard()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(MonitoringFiles.Dashboard));
        var root = document.RootElement;
        Assert.Equal("melo-grid", root.GetProperty("uid").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 30);
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels)
        {
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("title").GetString()));
            Assert.Equal("timeseries", panel.GetProperty("type").GetString());
            var grid = panel.GetProperty("gridPos");
            Assert.InRange(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), 1, 24);
            Assert.True(grid.GetProperty("h").GetInt32() > 0);
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }
        // What the issue asks the dashboard to show.
        var titles = string.Join("|", panels.Select(p => p.GetProperty("title").GetString()));
        foreach (var subject in new[] { "Throughput", "p50 / p95 / p99", "queue depth", "Batch size", "switches", "Resident adapters", "Cold loads", "Errors by status code" })
            Assert.Contains(subject, titles);
        var expressions = string.Join("\n", MonitoringFiles.DashboardExpressions());
        Assert.Contains("histogram_quantile(0.99", expressions);
        Assert.Equal(expressions.Count(c => c == '('), expressions.Count(c => c == ')'));
    }
}
