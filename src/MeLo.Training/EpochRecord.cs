namespace MeLo.Training;

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="ImagesPerSecond">Training images per second of the training pass (validation excluded).</param>
/// <param name="WorkingSetBytes">Resident memory of the process at the end of the epoch; flat across epochs means no leak.</param>
/// <param name="PeakWorkingSetBytes">The highest resident memory sampled after each training step of the epoch.</param>
/// <param name="IsBest">Whether the validation score improved, so these weights are now the best.</param>
public sealed record EpochRecord(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    MetricSummary Validation,
    double Seconds,
    double ImagesPerSecond,
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    bool IsBest);
