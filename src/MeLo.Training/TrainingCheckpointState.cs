using MeLo.Data;

namespace MeLo.Training;

/// <summary>The bookkeeping saved with each epoch's weights and optimizer state.</summary>
/// <param name="BestScore">Validation score of <paramref name="BestEpoch"/> (higher is better).</param>
internal sealed record TrainingCheckpointState(
    TrainingRunIdentity Identity,
    int CompletedEpochs,
    int BestEpoch,
    double BestScore,
    int EpochsWithoutImprovement,
    bool StoppedEarly,
    IReadOnlyList<EpochRecord> Epochs,
    IReadOnlyList<SkippedFile> SkippedFiles);
