using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// `melo serve --metrics-port` scraped by Debian's real Prometheus server (its binary, a temporary config and storage, a
/// loopback port): after traffic, Prometheus's HTTP API returns melo_engine_batch_size samples. Fails, never skips, without
/// /usr/bin/prometheus.
/// </summary>
public sealed class PrometheusTests
{
    const string PrometheusServer = "/usr/bin/prometheus";

    [Fact]
    public async Task Prometheus_scrapes_engine_and_gateway_families_from_the_metrics_port()
    {
        Assert.True(File.Exists(PrometheusServer), $"{PrometheusServer} is missing: install prometheus (apt).");
        var ports = FreePorts.Take(5);
        using var work = new TempDirectory("melo-prometheus-test-");
        await using var melo = await MeloProcess.StartAsync(
            ["serve", "--port", $"{ports[0]}", "--silo-port", $"{ports[1]}", "--gateway-port", $"{ports[2]}", "--metrics-port", $"{ports[3]}",
             "--data", work.Combine("data")],
            new Dictionary<string, string> { ["MeLo__Silo__DemoContent"] = "false" }, "MeLo.Grid serving at");
        using var prometheus = StartPrometheus(work, ports[4], ports[3]);

        // The token `melo serve` wrote at first start.
        using (var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[0]}",
            File.ReadAllText(Path.Combine(work.Path, "data", "keys", "admin.token")).Trim()))
        using (var reference = ReferenceModel.ForServedProcesses())
        {
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            using var call = new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseStream();
            for (int i = 0; i < 8; i++)
                await call.RequestStream.WriteAsync(Items.Image($"item-{i}", "alpha", TestImages.Png(i)));
            await call.RequestStream.CompleteAsync();
            Assert.Equal(8, (await call.ResponseStream.ReadAllAsync().ToListAsync()).Count(a => a.Result is not null));
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[4]}") };
        // Prometheus scrapes every second; the counts include the 8 images once a scrape after the traffic has landed.
        double batchedImages = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (batchedImages < 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            batchedImages = await QueryScalarAsync(http, "sum(melo_engine_batch_size_sum)") ?? 0;
        }
        Assert.Equal(8, batchedImages);
        Assert.True(await QueryScalarAsync(http, "sum(melo_engine_batch_size_count)") >= 1);
        Assert.Equal(0, await QueryScalarAsync(http, "sum(melo_engine_queue_depth)"));
        Assert.Equal(8, await QueryScalarAsync(http, "sum(melo_gateway_items_total{melo_task=\"alpha\",rpc_grpc_status_code=\"0\"})"));
        Assert.Equal(8, await QueryScalarAsync(http, "sum(melo_engine_items_total{melo_task=\"alpha\",melo_outcome=\"ok\"})"));
        Assert.Equal(1, await QueryScalarAsync(http, "sum(melo_engine_adapters_resident)"));

        // Every metric (and melo_* label) the dashboard and the alert rules use is served (histograms as _bucket/_sum/_count).
        using var scrape = new HttpClient();
        var samples = (await scrape.GetStringAsync($"http://127.0.0.1:{ports[3]}/metrics"))
            .Split('\n').Where(line => line.StartsWith("melo_", StringComparison.Ordinal)).ToList();
        var served = samples.Select(line => line[..line.IndexOfAny(['{', ' '])])
            .Concat(samples.SelectMany(line => MonitoringFiles.LabelNames(line))).ToHashSet();
        var used = MonitoringFiles.MetricNames();
        Assert.True(used.Count >= 10, $"only {used.Count} metric names found in deploy/monitoring");
        Assert.Empty(used.Except(served));
    }

    static ServerProcess StartPrometheus(TempDirectory work, int port, int target)
    {
        var config = work.Combine("prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: melo
                static_configs:
                  - targets: ["127.0.0.1:{target}"]
            """);
        return new ServerProcess(PrometheusServer,
            [$"--config.file={config}", $"--storage.tsdb.path={work.Combine("tsdb")}", $"--web.listen-address=127.0.0.1:{port}"]);
    }

    /// <summary>The value of an instant query that yields one sample; null while it yields none.</summary>
    static async Task<double?> QueryScalarAsync(HttpClient http, string query)
    {
        try
        {
            using var document = await http.GetFromJsonAsync<JsonDocument>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
            var result = document!.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // Prometheus is still starting
        }
    }
}
