using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// One trace from the hospital's call to the device batch, across processes: `melo silo` and `melo gateway` clustered
/// through Debian's redis-server, both exporting OTLP/gRPC to a receiver in this test. A client traceparent must come
/// back as spans of the gateway, of Orleans (in the silo) and of MeLo.Serving.Engine, the batch's through a link.
/// Fails, never skips, without redis-server.
/// </summary>
public sealed class TraceContinuityTests
{

    [Fact]
    public async Task A_client_traceparent_reaches_the_gateway_orleans_and_the_engine_batch()
    {
        var ports = FreePorts.Take(5);
        using var work = new TempDirectory("melo-trace-test-");
        await using var receiver = await OtlpTraceReceiver.StartAsync(ports[0]);
        using var redis = ServerProcess.Redis(ports[1]);
        var cluster = new[] { "--redis", $"127.0.0.1:{ports[1]}", "--cluster-id", $"trace-{Guid.NewGuid():N}" };
        await using var silo = await MeloProcess.StartAsync(
            ["silo", .. cluster, "--silo-port", $"{ports[2]}", "--gateway-port", $"{ports[3]}", "--data", work.Path],
            Telemetry(receiver, "melo-silo"), "silo running");
        var keys = work.Combine("keys");
        await using var gateway = await MeloProcess.StartAsync(["gateway", .. cluster, "--port", $"{ports[4]}"],
            new Dictionary<string, string>(Telemetry(receiver, "melo-gateway")) { ["MeLo__Silo__DataDirectory"] = work.Path }, "gateway at");

        // The token the gateway wrote at first start.
        using var channel = MeLoChannel.ForAddress($"http://127.0.0.1:{ports[4]}", File.ReadAllText(Path.Combine(keys, "admin.token")).Trim());
        using (var reference = ReferenceModel.ForServedProcesses())
            await new AdapterService.AdapterServiceClient(channel).UploadAsync("alpha", reference.AddAdapter(TestTask.Alpha));

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var clientSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using (var call = new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseStream(
            new Metadata { { "traceparent", $"00-{traceId}-{clientSpanId}-01" } }))
        {
            await call.RequestStream.WriteAsync(Items.Image("trace-item-1", "alpha", TestImages.Png(1)));
            await call.RequestStream.WriteAsync(Items.Image("trace-item-2", "alpha", TestImages.Png(2)));
            await call.RequestStream.CompleteAsync();
            Assert.Equal(2, (await call.ResponseStream.ReadAllAsync().ToListAsync()).Count(a => a.Result is not null));
        }

        bool Complete(IReadOnlyList<ReceivedSpan> spans) =>
            spans.Any(s => s.Scope == "MeLo.Serving.Engine" && s.Name == "melo.engine.forward" && s.LinkedTraceIds.Contains(traceId))
            && spans.Count(s => s.Name == "melo.diagnose_item" && s.TraceId == traceId) == 2
            // Spans are exported as they end: the stream's and the server's end last.
            && spans.Any(s => s.Name == "melo.diagnose_stream" && s.TraceId == traceId)
            && spans.Any(s => s.Service == "melo-gateway" && s.ParentSpanId == clientSpanId)
            && spans.Count(s => s.Name == "melo.adapter.item" && s.TraceId == traceId) == 2
            && spans.Count(s => s.Name == "melo.engine.queue_wait" && s.TraceId == traceId) == 2
            && spans.Any(s => s.Service == "melo-silo" && s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.TraceId == traceId);
        await Eventually.TrueAsync(() => Complete(receiver.Spans), "the trace's spans arrived from both processes", TimeSpan.FromSeconds(30));
        var trace = receiver.Spans.Where(s => s.TraceId == traceId).ToList();

        // The gateway continued the client's trace: its server span's parent is the client's span.
        Assert.Contains(trace, s => s.Service == "melo-gateway" && s.ParentSpanId == clientSpanId);
        var stream = Assert.Single(trace, s => s.Service == "melo-gateway" && s.Name == "melo.diagnose_stream");
        Assert.All(trace.Where(s => s.Name == "melo.diagnose_item"), item => Assert.Equal(stream.SpanId, item.ParentSpanId));
        // Orleans traced the grain call on both sides of the process boundary.
        Assert.Contains(trace, s => s.Service == "melo-gateway" && s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "melo-silo" && s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        // Each item's silo span and queue wait continue the item's own span.
        var items = trace.Where(s => s.Name == "melo.diagnose_item").Select(s => s.SpanId).ToHashSet();
        var siloItems = trace.Where(s => s.Service == "melo-silo" && s.Name == "melo.adapter.item").ToList();
        Assert.Equal(2, siloItems.Count);
        Assert.All(siloItems, s => Assert.Contains(s.ParentSpanId, items));
        Assert.Equal(2, trace.Count(s => s.Scope == "MeLo.Serving.Engine" && s.Name == "melo.engine.queue_wait"));
        // The batch is a trace of its own that links to the items, with its attributes.
        var batch = receiver.Spans.First(s => s.Name == "melo.engine.forward" && s.LinkedTraceIds.Contains(traceId));
        Assert.Equal("melo-silo", batch.Service);
        Assert.NotEqual(traceId, batch.TraceId);
        Assert.Contains("melo.batch.tasks=alpha", batch.Attributes);
        Assert.Contains("melo.engine.policy=mixed", batch.Attributes);
        Assert.Contains("melo.device=cpu", batch.Attributes);
        Assert.Contains(batch.Attributes, a => a.StartsWith("melo.batch.size=", StringComparison.Ordinal));
        Assert.Contains(batch.Attributes, a => a.StartsWith("melo.adapter.switches=", StringComparison.Ordinal));
        // Nothing that identifies the patient's items.
        Assert.DoesNotContain(receiver.Spans, s => s.Attributes.Any(a => a.Contains("trace-item", StringComparison.Ordinal)));
    }

    static Dictionary<string, string> Telemetry(OtlpTraceReceiver receiver, string service) => new()
    {
        ["MeLo__Telemetry__Exporter"] = "Otlp",
        ["MeLo__Telemetry__ServiceName"] = service,
        ["MeLo__Silo__DemoContent"] = "false",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };
}
