using System.Diagnostics;
using System.Text.Json;
using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// Trains one task on a backbone: Adam with a per-epoch cosine schedule, validation every epoch, the best epoch's
/// weights kept, optional early stopping, and a checkpoint after every epoch to resume from. All torch work runs on the
/// calling thread, every step inside its own dispose scope; images are decoded in parallel beforehand without torch.
/// Writes the adapter file (MeLo, linear probe) or full model file, report.json and the plots to the output directory.
/// </summary>
public static class Trainer
{
    /// <summary>Loads and splits the data (bad files handled by <see cref="TrainingOptions.BadFilePolicy"/>), then trains.</summary>
    /// <exception cref="DatasetException">The data cannot be loaded, or an image is bad under the fail policy.</exception>
    public static TrainingReport Train(VisionTransformer backbone, TaskDataSource source, TrainingOptions options,
        ITrainingProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var data = source.Load(options.BadFilePolicy);
        if (data.Train.Skipped.Count > 0)
            progress?.Message($"skipped {data.Train.Skipped.Count} unreadable images while loading (first: {data.Train.Skipped[0].Path}: {data.Train.Skipped[0].Reason})");
        return Train(backbone, data, options, progress, cancellationToken);
    }

    /// <param name="backbone">Frozen for MeLo and linear probes; in full mode its weights are trained in place.</param>
    /// <exception cref="ArgumentException">Invalid options, or an empty training or validation part.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the last finished epoch's checkpoint remains for resuming.</exception>
    public static TrainingReport Train(VisionTransformer backbone, DatasetSplits data, TrainingOptions options,
        ITrainingProgress? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (data.Train.Count == 0 || data.Validation.Count == 0)
            throw new ArgumentException($"Training needs images in both the training and the validation part (have {data.Train.Count} and {data.Validation.Count}).");
        if (!data.Train.IsMultiLabel && data.Train.LabelNames.Count < 2)
            throw new ArgumentException($"A single-label task needs at least two classes, not {data.Train.LabelNames.Count}.");

        var config = backbone.Config;
        var preprocessing = new ImagePreprocessing(options.ImageSize ?? config.ImageSize,
            new RgbValues(config.Mean[0], config.Mean[1], config.Mean[2]), new RgbValues(config.Std[0], config.Std[1], config.Std[2]));
        string startFingerprint = backbone.Fingerprint;
        Directory.CreateDirectory(options.OutputDirectory);
        Directory.CreateDirectory(options.EffectiveCheckpointDirectory);

        manual_seed(options.Seed);
        using var model = TaskModel.ForTraining(backbone, options.Mode, options.Lora, data.Train.LabelNames.Count, options.Seed, TrainingDevice.Parse(options.Device));
        using var optimizer = optim.Adam(model.TrainableParameters, options.EffectiveLearningRate, weight_decay: options.WeightDecay);
        var run = new TrainingRun(options, data, preprocessing, model, optimizer, new TrainingCheckpoint(options.EffectiveCheckpointDirectory),
            new DatasetImageReader(options.BadFilePolicy), progress);
        var (state, resumedAfter) = Prepare(run, TrainingRunIdentity.For(options, startFingerprint, data));
        state = RunEpochs(run, state, cancellationToken);
        return WriteOutputs(run, state, resumedAfter, startFingerprint);
    }

    /// <summary>Everything one training run works with, fixed once it is prepared.</summary>
    sealed record TrainingRun(TrainingOptions Options, DatasetSplits Data, ImagePreprocessing Preprocessing, TaskModel Model, Adam Optimizer,
        TrainingCheckpoint Checkpoint, DatasetImageReader Reader, ITrainingProgress? Progress)
    {
        public IReadOnlyList<string> Labels => Data.Train.LabelNames;
        public bool MultiLabel => Data.Train.IsMultiLabel;
        public SelectionMetric SelectBy => Options.EffectiveSelectBy(MultiLabel);

        public TaskEvaluation Evaluate(LabeledDataset part) =>
            TaskEvaluator.Evaluate(Model, part, Preprocessing, Reader, Options.BatchSize, Options.LabelSmoothing);
    }

    /// <summary>Resumes from the checkpoint when asked and one exists; otherwise clears it and starts at epoch 1.</summary>
    static (TrainingCheckpointState State, int? ResumedAfter) Prepare(TrainingRun run, TrainingRunIdentity identity)
    {
        var (options, checkpoint) = (run.Options, run.Checkpoint);
        if (options.Resume && checkpoint.Exists)
        {
            var state = checkpoint.Load(identity, run.Model, run.Optimizer);
            run.Progress?.Message($"resuming after epoch {state.CompletedEpochs} of {options.Epochs} from {checkpoint.Directory}");
            return (state, state.CompletedEpochs);
        }
        if (options.Resume)
            run.Progress?.Message($"no checkpoint in {checkpoint.Directory}; starting from epoch 1");
        checkpoint.Clear();
        return (new TrainingCheckpointState(identity, 0, 0, double.NegativeInfinity, 0, false, [], run.Data.Train.Skipped), null);
    }

    /// <summary>Trains and validates epoch by epoch, keeping the best and checkpointing each, until done or stopped early.</summary>
    static TrainingCheckpointState RunEpochs(TrainingRun run, TrainingCheckpointState state, CancellationToken cancellationToken)
    {
        var (options, data, optimizer, progress) = (run.Options, run.Data, run.Optimizer, run.Progress);
        var loss = new TaskLoss(run.MultiLabel, run.Labels.Count, options.LabelSmoothing);
        var builder = new ImageBatchBuilder(run.Preprocessing, run.Reader, options.Augment ? options.Augmentation : null);
        while (state.CompletedEpochs < options.Epochs && !state.StoppedEarly)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int epoch = state.CompletedEpochs;
            double learningRate = CosineSchedule.LearningRate(epoch, options.Epochs, options.EffectiveLearningRate, options.MinLearningRate);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;
            progress?.EpochStarted(epoch + 1, options.Epochs, (data.Train.Count + options.BatchSize - 1) / options.BatchSize, learningRate);

            var pass = TrainEpoch(run.Model, optimizer, loss, builder, data.Train, options, epoch, progress, cancellationToken);
            var validation = run.Evaluate(data.Validation);

            double score = validation.Summary.Score(run.SelectBy);
            bool improved = state.BestEpoch == 0 || score > state.BestScore || (double.IsNaN(state.BestScore) && !double.IsNaN(score));
            int withoutImprovement = improved ? 0 : state.EpochsWithoutImprovement + 1;
            var record = new EpochRecord(epoch + 1, learningRate, pass.Loss, pass.Accuracy, validation.Summary, pass.Seconds,
                pass.ImagesPerSecond, Environment.WorkingSet, pass.PeakWorkingSet, improved);
            state = state with
            {
                CompletedEpochs = epoch + 1,
                BestEpoch = improved ? epoch + 1 : state.BestEpoch,
                BestScore = improved ? score : state.BestScore,
                EpochsWithoutImprovement = withoutImprovement,
                StoppedEarly = options.Patience is { } patience && withoutImprovement >= patience && epoch + 1 < options.Epochs,
                Epochs = [.. state.Epochs, record],
                SkippedFiles = [.. state.SkippedFiles.UnionBy(run.Reader.Skipped, f => f.Path)],
            };
            run.Checkpoint.Save(state, run.Model, optimizer);
            progress?.EpochCompleted(record, run.SelectBy);
            if (state.StoppedEarly)
                progress?.Message($"early stopping after epoch {epoch + 1}: no better validation {run.SelectBy} for {withoutImprovement} epochs (best: epoch {state.BestEpoch})");
        }
        return state;
    }

    /// <summary>Restores the best epoch, scores it on validation and test, and writes the model file, plots and report.json.</summary>
    static TrainingReport WriteOutputs(TrainingRun run, TrainingCheckpointState state, int? resumedAfter, string startFingerprint)
    {
        var (options, data, model) = (run.Options, run.Data, run.Model);
        run.Checkpoint.LoadBestWeights(state, model);
        var bestValidation = run.Evaluate(data.Validation);
        var test = data.Test.Count > 0 ? run.Evaluate(data.Test) : null;
        var skipped = state.SkippedFiles.UnionBy(run.Reader.Skipped, f => f.Path).ToArray();
        var parameters = new ParameterCounts(model.TotalParameterCount, model.TrainableParameterCount);

        string modelFile = WriteModel(model, options, run.Labels, run.MultiLabel, run.Preprocessing, startFingerprint, bestValidation, test, state.BestEpoch, parameters);
        string title = $"{options.TaskId}, {options.MethodName}";
        var plots = options.WritePlots ? TrainingPlots.Write(options.OutputDirectory, state.Epochs, run.SelectBy, test ?? bestValidation, title) : [];
        var config = model.Backbone.Config;
        var report = new TrainingReport(
            options.TaskId, options.Mode, options.MethodName,
            DemoBackbone.IsDemo(config) ? $"{config.Name} ({DemoBackbone.Label})" : config.Name, startFingerprint,
            run.Labels, run.MultiLabel, data.Train.Count, data.Validation.Count, data.Test.Count, parameters, options, run.SelectBy,
            state.Epochs, state.BestEpoch, state.StoppedEarly, resumedAfter,
            bestValidation.ToReport(options.TaskId, options.MethodName, parameters.Total, parameters.Trainable, SkippedIn(data.Validation, skipped)),
            test?.ToReport(options.TaskId, options.MethodName, parameters.Total, parameters.Trainable, SkippedIn(data.Test, skipped)),
            skipped, modelFile, plots);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "report.json"), JsonSerializer.Serialize(report, TrainingJson.Options));
        return report;
    }

    readonly record struct EpochPass(double Loss, double Accuracy, double Seconds, double ImagesPerSecond, long PeakWorkingSet);

    static EpochPass TrainEpoch(TaskModel model, Adam optimizer, TaskLoss loss, ImageBatchBuilder builder, LabeledDataset train,
        TrainingOptions options, int epoch, ITrainingProgress? progress, CancellationToken cancellationToken)
    {
        model.SetTraining(true);
        // Order, augmentation and any torch randomness (e.g. dropout) depend only on (seed, epoch): what makes resuming exact.
        manual_seed(DerivedSeed.From(options.Seed, epoch));
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(DerivedSeed.From(options.Seed, epoch)).Shuffle(order);
        var batches = order.Chunk(options.BatchSize).ToArray();
        double lossSum = 0;
        long images = 0, correct = 0, decisions = 0, peak = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < batches.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var indices = batches[b];
            var items = indices.Select(i => train.Items[i]).ToArray();
            var (pixels, kept) = builder.Build(items, k => DerivedSeed.From(options.Seed, epoch, indices[k]));
            if (kept.Length == 0)
                continue;
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var size = builder.Preprocessing.ImageSize;
                var logits = model.Logits(tensor(pixels, [kept.Length, 3, size, size]));
                var targets = loss.Targets(items, kept).to(model.Device);
                var batchLoss = loss.Compute(logits, targets);
                batchLoss.backward();
                OptimizerStep.Run(optimizer);
                lossSum += batchLoss.item<float>() * kept.Length;
                var (batchCorrect, batchDecisions) = loss.CountCorrect(logits.detach(), targets);
                correct += batchCorrect;
                decisions += batchDecisions;
            }
            images += kept.Length;
            peak = Math.Max(peak, Environment.WorkingSet);
            progress?.BatchCompleted(epoch + 1, b + 1, batches.Length, lossSum / images, (double)correct / decisions, images / clock.Elapsed.TotalSeconds);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        return new EpochPass(images == 0 ? double.NaN : lossSum / images, decisions == 0 ? double.NaN : (double)correct / decisions,
            seconds, images / seconds, peak);
    }

    static string WriteModel(TaskModel model, TrainingOptions options, IReadOnlyList<string> labels, bool multiLabel, ImagePreprocessing preprocessing,
        string startFingerprint, TaskEvaluation validation, TaskEvaluation? test, int bestEpoch, ParameterCounts parameters)
    {
        var metrics = new Dictionary<string, double> { ["best_epoch"] = bestEpoch };
        foreach (var (prefix, evaluation) in new[] { ("val", validation), ("test", test) })
        {
            if (evaluation is null)
                continue;
            var s = evaluation.Summary;
            foreach (var (name, value) in new[] { ("loss", s.Loss), ("accuracy", s.Accuracy), ("sensitivity", s.Sensitivity), ("precision", s.Precision), ("f1", s.F1Score), ("auc", s.Auc) })
                if (double.IsFinite(value)) // the manifest is plain JSON: undefined metrics are left out
                    metrics[$"{prefix}_{name}"] = value;
        }
        var preprocessingRecord = new AdapterPreprocessing(preprocessing.ImageSize,
            [preprocessing.Mean.Red, preprocessing.Mean.Green, preprocessing.Mean.Blue], [preprocessing.Std.Red, preprocessing.Std.Green, preprocessing.Std.Blue]);
        float[] thresholds = multiLabel ? Enumerable.Repeat(0.5f, labels.Count).ToArray() : [];
        string source = $"melo train: {options.MethodName}";

        if (options.Mode == TrainingMode.Full)
        {
            string path = Path.Combine(options.OutputDirectory, "model.safetensors");
            model.Backbone.RefreshFingerprint();
            FullModelFile.Save(path, model.Backbone, model.Adapter!.Head, new FullModelManifest
            {
                TaskId = options.TaskId, Labels = labels, MultiLabel = multiLabel, Thresholds = thresholds,
                Config = model.Backbone.Config with { NumClasses = labels.Count }, Preprocessing = preprocessingRecord,
                StartedFromFingerprint = startFingerprint, TrainableParameters = parameters.Trainable, Metrics = metrics,
                Source = source, CreatedAt = DateTimeOffset.UtcNow,
            });
            return path;
        }

        string adapterPath = Path.Combine(options.OutputDirectory, "adapter.safetensors");
        AdapterFile.Save(adapterPath, model.Adapter!, new AdapterManifest
        {
            TaskId = options.TaskId, Labels = labels, MultiLabel = multiLabel, Thresholds = thresholds,
            Preprocessing = preprocessingRecord, Metrics = metrics, Source = source,
            Method = options.MethodName, TrainableParameters = parameters.Trainable,
        });
        return adapterPath;
    }

    static IReadOnlyList<SkippedFile> SkippedIn(LabeledDataset part, IReadOnlyList<SkippedFile> skipped)
    {
        var paths = part.Items.Select(i => i.ImagePath).ToHashSet();
        return skipped.Where(f => paths.Contains(f.Path)).ToArray();
    }
}
