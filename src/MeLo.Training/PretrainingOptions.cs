using MeLo.Model.Vit;

namespace MeLo.Training;

/// <summary>
/// How <c>melo pretrain</c> trains a backbone on the SYNTHETIC source distribution: AdamW with linear warm-up and a
/// per-step cosine schedule, cross-entropy with label smoothing, fresh images every step (no image is seen twice).
/// </summary>
public sealed record PretrainingOptions
{
    /// <summary>The backbone's shape; its head is sized to the source classes during pretraining and dropped afterwards.</summary>
    public VitConfig Config { get; init; } = PretrainedDemoBackbone.Config;

    /// <summary>60 × 100 steps × batch 32 = 192,000 images: about 25 minutes on two idle cores (the committed backbone).</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Optimiser steps per epoch; a checkpoint and a validation pass follow each epoch.</summary>
    public int StepsPerEpoch { get; init; } = 100;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Steps of linear warm-up from zero before the cosine decay.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.05;

    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Seeds the initial weights and every generated image.</summary>
    public int Seed { get; init; }

    /// <summary>Held-out source images scored after every epoch.</summary>
    public int ValidationImages { get; init; } = 256;

    /// <summary>Where the backbone, its manifest, report.json, plots and checkpoint/ go.</summary>
    public string OutputDirectory { get; init; } = "melo-pretrain";

    /// <summary>Continue from the last finished epoch (same options required).</summary>
    public bool Resume { get; init; }

    /// <summary>The command line recorded in the manifest, so the backbone can be made again.</summary>
    public string Command { get; init; } = "";

    public int TotalSteps => Epochs * StepsPerEpoch;

    /// <exception cref="ArgumentException">A value is out of range, naming it.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Epochs < 1)
            problems.Add($"epochs must be at least 1, not {Epochs}");
        if (StepsPerEpoch < 1)
            problems.Add($"steps per epoch must be at least 1, not {StepsPerEpoch}");
        if (BatchSize < 1)
            problems.Add($"batch size must be at least 1, not {BatchSize}");
        if (!(LearningRate > 0) || !(MinLearningRate >= 0) || MinLearningRate > LearningRate)
            problems.Add($"need 0 <= min learning rate ({MinLearningRate}) <= learning rate ({LearningRate}) and a positive learning rate");
        if (WarmupSteps < 0 || WarmupSteps >= TotalSteps)
            problems.Add($"warm-up steps must be in [0, {TotalSteps}), not {WarmupSteps}");
        if (!(WeightDecay >= 0))
            problems.Add($"weight decay must be non-negative, not {WeightDecay}");
        if (!(LabelSmoothing is >= 0 and < 1))
            problems.Add($"label smoothing must be in [0, 1), not {LabelSmoothing}");
        if (ValidationImages < 1)
            problems.Add($"validation images must be at least 1, not {ValidationImages}");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid pretraining options: {string.Join("; ", problems)}.");
        Config.Validate();
    }

    /// <summary>Linear warm-up, then cosine decay to <see cref="MinLearningRate"/> at the last step.</summary>
    public double LearningRateAt(int step) => step < WarmupSteps
        ? LearningRate * (step + 1) / WarmupSteps
        : CosineSchedule.LearningRate(step - WarmupSteps, TotalSteps - WarmupSteps, LearningRate, MinLearningRate);
}
