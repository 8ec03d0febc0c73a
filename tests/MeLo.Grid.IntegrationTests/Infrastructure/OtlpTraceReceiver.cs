using System.Net;
using Grpc.Core;
using MeLo.Grid.IntegrationTests.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// An OTLP/gRPC trace receiver on a loopback port, as a collector would run it: exporters send
/// opentelemetry.proto.collector.trace.v1.TraceService/Export, and every span lands in <see cref="Spans"/>.
/// </summary>
sealed class OtlpTraceReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ReceivedSpans _spans = new();

    OtlpTraceReceiver(WebApplication app, ReceivedSpans spans, int port)
    {
        _app = app;
        _spans = spans;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => _spans.Snapshot();

    public static async Task<OtlpTraceReceiver> StartAsync(int port)
    {
        var spans = new ReceivedSpans();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(spans);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<TraceExportService>();
        await app.StartAsync();
        return new OtlpTraceReceiver(app, spans, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    sealed class ReceivedSpans
    {
        readonly List<ReceivedSpan> _spans = [];

        public void Add(IEnumerable<ReceivedSpan> spans)
        {
            lock (_spans)
                _spans.AddRange(spans);
        }

        public IReadOnlyList<ReceivedSpan> Snapshot()
        {
            lock (_spans)
                return [.. _spans];
        }
    }

    sealed class TraceExportService(ReceivedSpans received) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            foreach (var resource in request.ResourceSpans)
            {
                var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
                foreach (var scope in resource.ScopeSpans)
                    received.Add(scope.Spans.Select(span => new ReceivedSpan(
                        service,
                        scope.Scope?.Name ?? "",
                        span.Name,
                        Convert.ToHexStringLower(span.TraceId.Span),
                        Convert.ToHexStringLower(span.SpanId.Span),
                        Convert.ToHexStringLower(span.ParentSpanId.Span),
                        [.. span.Links.Select(link => Convert.ToHexStringLower(link.TraceId.Span))],
                        [.. span.Attributes.Select(a => $"{a.Key}={Text(a.Value)}")])));
            }
            return Task.FromResult(new ExportTraceServiceResponse());
        }

        static string Text(AnyValue? value) => value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.ArrayValue => string.Join(",", value.ArrayValue.Values.Select(Text)),
            _ => value?.ToString() ?? "",
        };
    }
}
