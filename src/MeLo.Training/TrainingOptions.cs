using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model.Lora;

namespace MeLo.Training;

/// <summary>
/// How a task is trained. Defaults follow MeLo's reference training: Adam at 1e-3, cosine schedule to 1e-6, batch 16,
/// cross-entropy with label smoothing 0.1, LoRA r=4, alpha=4 on q and v.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>MeLo's learning rate, for LoRA and linear probes.</summary>
    public const double AdapterLearningRate = 1e-3;

    /// <summary>
    /// Full fine-tuning's default: 1e-3 moves every pretrained weight too far and usually destroys the features,
    /// so the baseline uses the smaller rate customary for fine-tuning a whole ViT.
    /// </summary>
    public const double FullLearningRate = 1e-4;

    public TrainingMode Mode { get; init; } = TrainingMode.Lora;

    /// <summary>Peak (epoch 0) learning rate; null picks <see cref="AdapterLearningRate"/> or, for full fine-tuning, <see cref="FullLearningRate"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The cosine schedule's floor.</summary>
    public double MinLearningRate { get; init; } = 1e-6;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's (L2) weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Cross-entropy label smoothing for single-label tasks; multi-label tasks use plain BCE-with-logits.</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Seeds the head and LoRA initialisation, the torch RNG, shuffling and augmentation.</summary>
    public int Seed { get; init; }

    /// <summary>Stop after this many epochs without a better validation score; null trains every epoch.</summary>
    public int? Patience { get; init; }

    /// <summary>Validation score for the best epoch and early stopping; null: accuracy for single-label, AUC for multi-label.</summary>
    public SelectionMetric? SelectBy { get; init; }

    /// <summary>Random resized crop and horizontal flip of training images; off feeds them resized only.</summary>
    public bool Augment { get; init; } = true;

    public TrainingAugmentation Augmentation { get; init; } = TrainingAugmentation.Default;

    public LoraSettings Lora { get; init; } = LoraSettings.MeLoDefault;

    /// <summary>Input side in pixels; null uses the backbone's (position embeddings are resized for others).</summary>
    public int? ImageSize { get; init; }

    /// <summary>What to do with an image that fails to decode during training or evaluation.</summary>
    public BadFilePolicy BadFilePolicy { get; init; } = BadFilePolicy.Fail;

    /// <summary>Task id written into the adapter or model manifest.</summary>
    public string TaskId { get; init; } = "task";

    /// <summary>Where the model file, report.json and plots go.</summary>
    public string OutputDirectory { get; init; } = "melo-train";

    /// <summary>Per-epoch checkpoints for resuming; null means &lt;output&gt;/checkpoint.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Continue from the last finished epoch in the checkpoint directory (same options and data required).</summary>
    public bool Resume { get; init; }

    /// <summary>Where the model trains: cpu, cuda or cuda:N (<see cref="TrainingDevice"/>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Write loss, metric and ROC plots as PNG.</summary>
    public bool WritePlots { get; init; } = true;

    public double EffectiveLearningRate => LearningRate ?? (Mode == TrainingMode.Full ? FullLearningRate : AdapterLearningRate);

    public string EffectiveCheckpointDirectory => CheckpointDirectory ?? Path.Combine(OutputDirectory, "checkpoint");

    public SelectionMetric EffectiveSelectBy(bool multiLabel) => SelectBy ?? (multiLabel ? SelectionMetric.Auc : SelectionMetric.Accuracy);

    /// <summary>The method column of a results table for <see cref="TrainingMode.Full"/>.</summary>
    public const string FullFineTuningMethod = "Full fine-tuning";

    /// <summary>"MeLo (LoRA r=4)", "Linear probe" or "Full fine-tuning": the method column of a results table.</summary>
    public string MethodName => Mode switch
    {
        TrainingMode.Lora => $"MeLo (LoRA r={Lora.Rank})",
        TrainingMode.Head => "Linear probe",
        _ => FullFineTuningMethod,
    };

    /// <exception cref="ArgumentException">A value is out of range, naming it.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Epochs < 1)
            problems.Add($"epochs must be at least 1, not {Epochs}");
        if (BatchSize < 1)
            problems.Add($"batch size must be at least 1, not {BatchSize}");
        if (!(EffectiveLearningRate > 0) || !(MinLearningRate >= 0) || MinLearningRate > EffectiveLearningRate)
            problems.Add($"need 0 <= min learning rate ({MinLearningRate}) <= learning rate ({EffectiveLearningRate}) and a positive learning rate");
        if (!(WeightDecay >= 0))
            problems.Add($"weight decay must be non-negative, not {WeightDecay}");
        if (!(LabelSmoothing is >= 0 and < 1))
            problems.Add($"label smoothing must be in [0, 1), not {LabelSmoothing}");
        if (Patience is < 1)
            problems.Add($"patience must be at least 1, not {Patience}");
        if (ImageSize is < 1)
            problems.Add($"image size must be positive, not {ImageSize}");
        if (string.IsNullOrWhiteSpace(TaskId))
            problems.Add("task id is empty");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid training options: {string.Join("; ", problems)}.");
        Lora.Validate();
        TrainingDevice.Parse(Device);
    }
}
