using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using Xunit.Abstractions;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// The gateway-only executable as the gateway image runs it: Debian's redis-server, one `melo silo` process, and
/// `melo-gateway` started from its own build output, where no TorchSharp or libtorch lies. Fails, never skips, without
/// redis-server.
/// </summary>
public sealed class GatewayHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Melo_gateway_without_torch_answers_an_image_once_through_a_silo_process()
    {
        var gatewayOutput = Path.GetDirectoryName(MeloProcess.GatewayHostAssembly)!;
        Assert.True(File.Exists(MeloProcess.GatewayHostAssembly), $"{MeloProcess.GatewayHostAssembly} is missing: build src/MeLo.Gateway.Host.");
        Assert.DoesNotContain(Directory.EnumerateFiles(gatewayOutput, "*", SearchOption.AllDirectories),
            f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f).StartsWith("MeLo.Model", StringComparison.Ordinal));

        var ports = FreePorts.Take(4);
        using var data = new TempDirectory("melo-gateway-host-");
        using var redis = ServerProcess.Redis(ports[0]);
        string[] cluster = ["--redis", $"127.0.0.1:{ports[0]}", "--cluster-id", $"gateway-host-{Guid.NewGuid():N}"];
        // The gateway's keys and audit log follow the data directory (MeLo:Silo:DataDirectory), as in `melo serve`.
        var environment = new Dictionary<string, string> { ["MeLo__Silo__DemoContent"] = "false", ["MeLo__Silo__DataDirectory"] = data.Path };
        MeloProcess? silo = null, gateway = null;
        try
        {
            silo = await MeloProcess.StartAsync(["silo", .. cluster, "--silo-port", $"{ports[1]}", "--gateway-port", $"{ports[2]}"], environment, "silo running");
            gateway = await MeloProcess.StartGatewayHostAsync([.. cluster, "--port", $"{ports[3]}"], environment, "gateway at");

            using var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[3]}", File.ReadAllText(Path.Combine(data.Path, "keys", "admin.token")).Trim());
            using (var reference = ReferenceModel.ForServedProcesses())
                await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));
            using var call = new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseStream();
            await call.RequestStream.WriteAsync(Items.Image("only", "alpha", TestImages.Png(5)));
            await call.RequestStream.CompleteAsync();
            var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

            var answer = Assert.Single(answers);
            Assert.Null(answer.Error);
            Assert.Equal("only", answer.Result.Id);
            Assert.Equal(TestTask.Alpha.Labels, answer.Result.Probabilities.Select(p => p.Label));
            Assert.Equal(1, answer.Result.Probabilities.Sum(p => p.Probability), 4);
            // Computed by the silo process, not in the gateway.
            Assert.EndsWith($":{ports[1]}", answer.Result.Silo, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine($"--- silo\n{silo?.Output}\n--- melo-gateway\n{gateway?.Output}");
            throw;
        }
        finally
        {
            if (gateway is not null)
                await gateway.DisposeAsync();
            if (silo is not null)
                await silo.DisposeAsync();
        }
    }
}
