namespace MeLo.Cli.Benchmarks;

/// <summary>One adapter count of <see cref="AdaptersBenchmark"/>.</summary>
/// <param name="AdapterBytes">Bytes of the resident adapters on the device (LoRA matrices and heads).</param>
/// <param name="RssBytes">Resident set size of this process with all of them resident.</param>
/// <param name="ColdLoadP50Ms">Median time from repository file to resident adapter (one pin at a time).</param>
/// <param name="ThroughputRatio">Images/s of a random-order stream over all the tasks divided by a single-task stream's.</param>
public sealed record AdaptersBenchmarkRow(int Adapters, long AdapterBytes, long RssBytes, double ColdLoadP50Ms, double ColdLoadP99Ms, double ThroughputRatio);
