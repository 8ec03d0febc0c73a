using System.Globalization;
using System.Diagnostics;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using Xunit.Abstractions;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// The cluster's life with real processes, as an operator runs it: Debian's redis-server, three `melo silo` processes
/// and a `melo gateway`. One stream of 10,000 items over three tasks; during it one silo is killed (SIGKILL), a new
/// silo starts, and another silo is stopped (SIGTERM, a Kubernetes scale-down). Every item must be answered exactly once
/// and none may fail: the gateway retries items whose silo went away, and the stopped silo drains.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    const int Items = 10_000, ImageSize = 16;
    static readonly string[] Tasks = ["alpha", "beta", "gamma"];

    [Fact]
    public async Task A_stream_survives_a_killed_silo_a_joining_silo_and_a_drained_silo_with_no_failed_item()
    {
        var ports = FreePorts.Take(10);
        using var data = new TempDirectory("melo-chaos-");
        using var redis = ServerProcess.Redis(ports[0]);
        var environment = new Dictionary<string, string>
        {
            ["MeLo__Silo__DemoContent"] = "false",
            ["MeLo__Grains__RebalanceInterval"] = "00:00:02",
        };
        string[] cluster = ["--redis", $"127.0.0.1:{ports[0]}", "--cluster-id", $"chaos-{Guid.NewGuid():N}"];
        var silos = new System.Collections.Concurrent.ConcurrentDictionary<int, MeloProcess>();
        async Task StartSiloAsync(int port, int gatewayPort) => silos[port] = await MeloProcess.StartAsync(
            ["silo", .. cluster, "--silo-port", $"{port}", "--gateway-port", $"{gatewayPort}", "--data", data.Path], environment, "silo running");
        MeloProcess? gateway = null;
        var joining = Task.CompletedTask;
        try
        {
            await Task.WhenAll(new[] { 1, 3, 5 }.Select(i => StartSiloAsync(ports[i], ports[i + 1])));
            var keys = data.Combine("keys");
            gateway = await MeloProcess.StartAsync(["gateway", .. cluster, "--port", $"{ports[9]}"],
                new Dictionary<string, string>(environment) { ["MeLo__Silo__DataDirectory"] = data.Path }, "gateway at");

            // The gateway wrote its tokens at first start, as `melo serve` does; the admin token may upload.
            using var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[9]}", File.ReadAllText(Path.Combine(keys, "admin.token")).Trim());
            using var backbone = PretrainedDemoBackbone.Load(); // what `melo silo` serves without weights
            var adapters = new AdapterService.AdapterServiceClient(channel);
            for (int t = 0; t < Tasks.Length; t++)
                await adapters.UploadAsync(Tasks[t], RandomAdapter.Create(backbone, new AdapterManifest
                {
                    TaskId = Tasks[t], Labels = ["no", "yes"], Preprocessing = new AdapterPreprocessing(ImageSize, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
                }, seed: 40 + t));

            var answers = new List<(DiagnosisAnswer Answer, TimeSpan At)>();
            var clock = Stopwatch.StartNew();
            TimeSpan killedAt = default, joinedAt = default, drain = default;
            string? joinedSilo = null;
            bool newSiloAnswered = false, terminated = false;
            var drained = Task.CompletedTask;
            using var call = new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseStream();
            var writing = Task.Run(async () =>
            {
                for (int i = 0; i < Items; i++)
                    await call.RequestStream.WriteAsync(Protos(i));
                await call.RequestStream.CompleteAsync();
            });
            await foreach (var answer in call.ResponseStream.ReadAllAsync())
            {
                answers.Add((answer, clock.Elapsed));
                newSiloAnswered |= joinedSilo is not null && answer.Result?.Silo.EndsWith(joinedSilo, StringComparison.Ordinal) == true;
                if (answers.Count == 2_000)
                {
                    // Kill the silo that served the most so far: it surely holds activations.
                    var busiest = answers.Where(a => a.Answer.Result is not null).GroupBy(a => a.Answer.Result.Silo).MaxBy(g => g.Count())?.Key
                        ?? throw new Xunit.Sdk.XunitException($"No item succeeded before the chaos began: {answers[0].Answer.Error}");
                    silos[PortOf(busiest)].Kill();
                    killedAt = clock.Elapsed;
                    output.WriteLine($"SIGKILL {busiest} at {killedAt.TotalSeconds:F1} s");
                }
                else if (answers.Count == 3_000)
                {
                    joinedAt = clock.Elapsed;
                    joining = StartSiloAsync(ports[7], ports[8]); // answers keep flowing while it starts
                    joinedSilo = $":{ports[7]}";
                    output.WriteLine($"started silo {joinedSilo} at {joinedAt.TotalSeconds:F1} s");
                }
                // The drain waits for the new silo's first answer (up to 9,000 answers), so that the tail of the stream cannot
                // end before the new silo had a chance to serve: on a fast run 4,000 items take only a few seconds.
                else if (!terminated && answers.Count >= 6_000 && (answers.Count >= 9_000 || newSiloAnswered))
                {
                    terminated = true;
                    var victim = silos.Where(s => !s.Value.HasExited && s.Key != ports[7]).Select(s => s.Value).First();
                    drained = Task.Run(async () => drain = await victim.TerminateAsync(TimeSpan.FromSeconds(60)));
                    output.WriteLine($"SIGTERM sent at {clock.Elapsed.TotalSeconds:F1} s");
                }
            }
            await writing;
            await drained;
            await joining;

            var failed = answers.Where(a => a.Answer.Error is not null).ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} items failed: " + string.Join("; ", failed.GroupBy(f => $"{(StatusCode)f.Answer.Error.Code} {f.Answer.Error.Message}").Select(g => $"{g.Count()}× {g.Key}")));
            Assert.Equal(Items, answers.Count);
            Assert.Equal(Items, answers.Select(a => a.Answer.Id).Distinct().Count());
            Assert.Contains(answers, a => a.Answer.Result.Silo.EndsWith(joinedSilo!, StringComparison.Ordinal));

            var afterKill = answers.Where(a => a.At >= killedAt).Select(a => a.At).ToList();
            var longestGap = afterKill.Zip(afterKill.Skip(1)).Select(p => p.Second - p.First).DefaultIfEmpty().Max();
            output.WriteLine($"{Items} items in {clock.Elapsed.TotalSeconds:F1} s; longest pause after the SIGKILL {longestGap.TotalSeconds:F2} s; " +
                $"first answer from the new silo {(answers.First(a => a.Answer.Result.Silo.EndsWith(joinedSilo!, StringComparison.Ordinal)).At - joinedAt).TotalSeconds:F1} s after it started; drain {drain.TotalSeconds:F1} s");
        }
        catch
        {
            foreach (var (port, silo) in silos)
                output.WriteLine($"--- silo {port}\n{silo.Output}");
            output.WriteLine($"--- gateway\n{gateway?.Output}");
            throw;
        }
        finally
        {
            if (gateway is not null)
                await gateway.DisposeAsync();
            foreach (var silo in silos.Values)
                await silo.DisposeAsync();
        }
    }

    static DiagnosisItem Protos(int i) => Infrastructure.Items.Tensor($"item-{i}", Tasks[i % Tasks.Length], TestImages.Tensor(i % 97, ImageSize), ImageSize);

    static int PortOf(string silo) => int.Parse(silo[(silo.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
}
