using MeLo.Data;

namespace MeLo.Training;

/// <summary>Everything one training run did, as written to report.json.</summary>
/// <param name="Backbone">Config name; "(untrained demo backbone)" is appended for the demo backbone.</param>
/// <param name="Epochs">Every finished epoch, including those before a resume.</param>
/// <param name="BestEpoch">1-based epoch whose weights were kept.</param>
/// <param name="ResumedAfterEpoch">The epoch the run continued after, or null when it started fresh.</param>
/// <param name="Validation">The kept weights on the validation part.</param>
/// <param name="Test">The kept weights on the test part, or null when there is none.</param>
/// <param name="ModelFile">The adapter file (MeLo, linear probe) or full model file (full fine-tuning).</param>
public sealed record TrainingReport(
    string TaskId,
    TrainingMode Mode,
    string Method,
    string Backbone,
    string BackboneFingerprint,
    IReadOnlyList<string> Labels,
    bool MultiLabel,
    int TrainImages,
    int ValidationImages,
    int TestImages,
    ParameterCounts Parameters,
    TrainingOptions Options,
    SelectionMetric SelectedBy,
    IReadOnlyList<EpochRecord> Epochs,
    int BestEpoch,
    bool StoppedEarly,
    int? ResumedAfterEpoch,
    EvaluationReport Validation,
    EvaluationReport? Test,
    IReadOnlyList<SkippedFile> SkippedFiles,
    string ModelFile,
    IReadOnlyList<string> PlotFiles)
{
    /// <summary>The highest resident memory sampled during training.</summary>
    public long PeakWorkingSetBytes => Epochs.Count == 0 ? 0 : Epochs.Max(e => e.PeakWorkingSetBytes);

    /// <summary>Training throughput over all epochs of this process and earlier ones.</summary>
    public double ImagesPerSecond => Epochs.Count == 0 ? 0 : Epochs.Average(e => e.ImagesPerSecond);

    /// <summary>The test report when there is a test part, else the validation report.</summary>
    public EvaluationReport Final => Test ?? Validation;
}
