namespace MeLo.Cli.Benchmarks;

/// <summary>A method's random-order TT divided by its in-order TT (the paper's Table 2 comparison).</summary>
public sealed record DeploymentRatio(string Method, double RandomToInOrder);
