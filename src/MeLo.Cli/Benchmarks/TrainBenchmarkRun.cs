using MeLo.Evaluation;

namespace MeLo.Cli.Benchmarks;

/// <summary>One task trained in one mode by <see cref="TrainBenchmark"/>.</summary>
/// <param name="StartWorkingSetBytes">Resident memory just before the run, so the run's own growth is <c>Peak - Start</c>.</param>
public sealed record TrainBenchmarkRun(
    string Task, string Mode, MetricsTableRow Row, double ImagesPerSecond, double TrainSeconds,
    long StartWorkingSetBytes, long PeakWorkingSetBytes, int BestEpoch);
