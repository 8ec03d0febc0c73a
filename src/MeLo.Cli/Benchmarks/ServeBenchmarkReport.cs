
namespace MeLo.Cli.Benchmarks;

/// <summary>
/// <see cref="ServeBenchmark"/>'s result: the engine in process (all policies) and the same workload through the gateway
/// (Mixed policy), with the issue's goals: gateway/engine ≥ 0.9 and many tasks in random order / one task ≥ 0.95.
/// </summary>
public sealed record ServeBenchmarkReport(EngineBenchmarkReport Engine, GatewayBenchmarkResult Gateway)
{
    public const double GatewayGoal = 0.9;
    public const double MixedTasksGoal = 0.95;

    PolicyBenchmarkResult Mixed => Engine.Policies.Single(p => p.Policy == "mixed");

    /// <summary>Many tasks in random order: gateway stream over engine in process, both under Mixed.</summary>
    public double GatewayOverEngine => Gateway.MultiTaskImagesPerSecond / Mixed.MultiTaskImagesPerSecond;

    public string ToText() => string.Join(Environment.NewLine, [
        "engine in process:",
        Engine.ToText(),
        "",
        $"gateway stream (mixed policy, {Engine.Concurrency} items in flight, tensors over loopback gRPC):",
        $"  1-task {Gateway.SingleTaskImagesPerSecond:F2} img/s ({Gateway.SingleTaskLatency}), n-task {Gateway.MultiTaskImagesPerSecond:F2} img/s ({Gateway.MultiTaskLatency})",
        "",
        "goals:",
        Goal("gateway / engine, n-task random order", GatewayOverEngine, GatewayGoal),
        Goal("n-task / 1-task through the gateway", Gateway.ThroughputRatio, MixedTasksGoal),
        Goal("n-task / 1-task in the engine (mixed)", Mixed.ThroughputRatio, MixedTasksGoal),
        "adapter switch cost (extra time of the n-task run):",
        .. Engine.Policies.Select(p =>
            $"  {p.Policy,-15} {(p.MillisecondsPerSwitch is { } ms ? $"{ms:F2} ms per switch ({p.Switches} switches)" : "no switches"),-36} {p.MillisecondsPerTaskChange:F2} ms per task change"),
    ]);

    static string Goal(string name, double value, double goal) => $"  {name,-40} {value,6:F3}  (goal >= {goal:F2}: {(value >= goal ? "met" : "NOT met")})";
}
