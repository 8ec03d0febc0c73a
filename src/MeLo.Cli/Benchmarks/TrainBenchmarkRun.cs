using MeLo.Evaluation;

namespace MeLo.Cli.Benchmarks;

/// <summary>One task trained in one mode by <see cref="TrainBenchmark"/>.</summary>
/// <param name="LearningRate">The rate kept: the best on validation among those tried.</param>
/// <param name="StartWorkingSetBytes">Resident memory just before the run, so the run's own growth is <c>Peak - Start</c>.</param>
public sealed record TrainBenchmarkRun(
    string Task, string Mode, double LearningRate, MetricsTableRow Row, double ImagesPerSecond, double TrainSeconds,
    long StartWorkingSetBytes, long PeakWorkingSetBytes, int BestEpoch);
