using System.Text.Json;
using Grpc.Core;
using MeLo.Cli;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>melo.v1.AdminService.GetGridStatus and `melo status` against a served grid after traffic.</summary>
[Collection(GridCollection.Name)]
public sealed class StatusTests(GridFixture fixture)
{
    [Fact]
    public async Task The_status_shows_the_silo_its_resident_adapter_and_the_tasks_rates_and_latencies()
    {
        using (var call = fixture.Grid.Diagnosis.DiagnoseStream())
        {
            for (int i = 0; i < 5; i++)
                await call.RequestStream.WriteAsync(Items.Image($"status-{i}", "beta", TestImages.Png(40 + i)));
            await call.RequestStream.CompleteAsync();
            Assert.Equal(5, (await call.ResponseStream.ReadAllAsync().ToListAsync()).Count(a => a.Result is not null));
        }
        var admin = new AdminService.AdminServiceClient(fixture.Grid.Channel);
        GridStatus status = new();
        // Silos report their engines every second.
        await Eventually.TrueAsync(() =>
        {
            status = admin.GetGridStatus(new GetGridStatusRequest());
            return status.Silos.Any(s => s.ResidentAdapters.Any(a => a.StartsWith("beta@", StringComparison.Ordinal)) && s.Items >= 5);
        }, "the silo reported beta resident and the items served");

        var silo = Assert.Single(status.Silos);
        Assert.True(silo.Reporting);
        Assert.Equal("Active", silo.Membership);
        Assert.Equal("cpu", silo.Device);
        Assert.NotEmpty(silo.Backbone);
        Assert.True(silo.Batches >= 1);
        Assert.InRange(silo.QueueDepth, 0, 1024);
        var beta = Assert.Single(status.Tasks, t => t.Task == "beta");
        Assert.True(beta.Items >= 5);
        Assert.True(beta.ItemsPerSecond > 0);
        Assert.True(beta.LatencyP50Ms > 0 && beta.LatencyP50Ms <= beta.LatencyP95Ms && beta.LatencyP95Ms <= beta.LatencyP99Ms);
        Assert.Equal(60, status.WindowSeconds);

        var (exit, output, _) = await RunAsync("status", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.AdminToken!, "--json");
        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Contains(json.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("task").GetString() == "beta");
        Assert.Equal(silo.Address, json.GetProperty("silos")[0].GetProperty("address").GetString());

        (exit, output, _) = await RunAsync("status", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.AdminToken!);
        Assert.Equal(0, exit);
        Assert.Contains(silo.Address, output);
        Assert.Contains("beta@", output);
        Assert.Contains("Tasks (this gateway, last 60 s)", output);
    }

    [Fact]
    public async Task Watch_refreshes_until_cancelled_and_then_exits_cleanly()
    {
        using var output = new StringWriter();
        // Frequent refreshes, so the cancellation may land during a refresh call as well as between two; time enough for the
        // first status call even on a loaded machine.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var config = new System.CommandLine.InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false };
        int exit = await MeLoCommandLine.Create().Parse(["status", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.AdminToken!, "--watch", "--interval", "0.05"])
            .InvokeAsync(config, stop.Token);
        Assert.Equal(0, exit);
        Assert.True(stop.IsCancellationRequested);
        Assert.Contains("MeLo.Grid status at", output.ToString());
        Assert.Contains("Silos", output.ToString());
    }

    [Fact]
    public async Task Bad_options_and_an_unreachable_gateway_are_clear_errors()
    {
        var (exit, _, error) = await RunAsync("status", "--address", fixture.Grid.Address, "--interval", "0");
        Assert.NotEqual(0, exit);
        Assert.StartsWith("error: --interval must be a positive number", error);

        (exit, _, error) = await RunAsync("status", "--address", "http://127.0.0.1:1", "--json");
        Assert.NotEqual(0, exit);
        Assert.StartsWith("error:", error);
        Assert.Contains(nameof(StatusCode.Unavailable), error);
    }

    static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
