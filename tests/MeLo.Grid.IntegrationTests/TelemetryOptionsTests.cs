using MeLo.Cli;
using MeLo.Hosting;
using MeLo.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Bad telemetry settings fail at host build with every problem listed, and on the CLI as `error: …`.</summary>
public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        var error = Assert.Throws<OptionsValidationException>(() => builder.AddMeLoServiceDefaults(o =>
            (o.SamplingRatio, o.PrometheusPort, o.PrometheusAddress) = (1.5, 70000, "not-an-ip")));
        Assert.Contains(error.Failures, f => f.Contains("SamplingRatio must be between 0 and 1"));
        Assert.Contains(error.Failures, f => f.Contains("PrometheusPort must be a port between 1 and 65535"));
        Assert.Contains(error.Failures, f => f.Contains("PrometheusAddress must be an IP address"));
    }

    [Fact]
    public async Task A_bad_metrics_port_on_the_command_line_is_an_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), ["gateway", "--port", "0", "--metrics-port", "0"], output, error);
        Assert.NotEqual(0, exit);
        Assert.StartsWith("error:", error.ToString());
        Assert.Contains("PrometheusPort must be a port between 1 and 65535 (was 0)", error.ToString());
    }
}
