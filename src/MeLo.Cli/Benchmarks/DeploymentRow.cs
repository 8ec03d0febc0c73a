namespace MeLo.Cli.Benchmarks;

/// <summary>One method on one order of the deployment workload: total time TT, switch time ST and switch count.</summary>
public sealed record DeploymentRow(string Method, string Order, double TotalSeconds, double SwitchSeconds, long Switches);
