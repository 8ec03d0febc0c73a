namespace MeLo.Serving.Engine.Scheduling;

/// <summary>The next batch to run, or (when <see cref="Batch"/> is null) how long to wait before planning again.</summary>
internal readonly record struct BatchPlan(IReadOnlyList<InferenceWorkItem>? Batch, TimeSpan Wait)
{
    public static BatchPlan WaitFor(TimeSpan wait) => new(null, wait);
}
