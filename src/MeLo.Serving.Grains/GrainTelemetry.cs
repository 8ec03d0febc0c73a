using System.Diagnostics;
using MeLo.Serving.Abstractions;

namespace MeLo.Serving.Grains;

/// <summary>
/// Spans of the silo's grains (ActivitySource <see cref="Name"/>). Orleans traces the grain call itself; an item's own
/// span continues the item's trace from the gateway, since one grain call carries items of several traces.
/// </summary>
static class GrainTelemetry
{
    public const string Name = "MeLo.Serving.Grains";

    static readonly ActivitySource Source = new(Name);

    /// <summary>A span for one item, child of its gateway span and linked to the grain call; null when untraced.</summary>
    public static Activity? StartItem(PreparedImage item, string taskId)
    {
        if (item.TraceParent is null || !ActivityContext.TryParse(item.TraceParent, null, isRemote: true, out var parent))
            return null;
        var call = Activity.Current?.Context;
        return Source.StartActivity("melo.adapter.item", ActivityKind.Internal, parent, [new("melo.task", taskId)],
            call is { } context && context.TraceId != parent.TraceId ? [new ActivityLink(context)] : null);
    }
}
