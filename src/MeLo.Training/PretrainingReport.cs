using MeLo.Model.Vit;

namespace MeLo.Training;

/// <summary>What <c>melo pretrain</c> did: per-epoch records on the source task and the files it wrote.</summary>
public sealed record PretrainingReport(
    PretrainingOptions Options,
    int SourceClasses,
    long Parameters,
    IReadOnlyList<EpochRecord> Epochs,
    int? ResumedAfterEpoch,
    long ImagesSeen,
    string WeightsFile,
    PretrainedBackboneManifest Manifest,
    IReadOnlyList<string> PlotFiles);
