namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>A span as an OTLP receiver got it: ids in lowercase hex, the trace ids of its links, attributes as key=value.</summary>
sealed record ReceivedSpan(string Service, string Scope, string Name, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyList<string> LinkedTraceIds, IReadOnlyList<string> Attributes);
