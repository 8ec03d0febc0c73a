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
        var labels = data.Train.LabelNames;
        bool multiLabel = data.Train.IsMultiLabel;
        if (!multiLabel && labels.Count < 2)
            throw new ArgumentException($"A single-label task needs at least two classes, not {labels.Count}.");

        var config = backbone.Config;
        var preprocessing = new ImagePreprocessing(options.ImageSize ?? config.ImageSize,
            new RgbValues(config.Mean[0], config.Mean[1], config.Mean[2]), new RgbValues(config.Std[0], config.Std[1], config.Std[2]));
        var selectBy = options.EffectiveSelectBy(multiLabel);
        string startFingerprint = backbone.Fingerprint;
        Directory.CreateDirectory(options.OutputDirectory);
        Directory.CreateDirectory(options.EffectiveCheckpointDirectory);
        var identity = TrainingRunIdentity.For(options, startFingerprint, data);

        manual_seed(options.Seed);
        using var model = TaskModel.ForTraining(backbone, options.Mode, options.Lora, labels.Count, options.Seed, TrainingDevice.Parse(options.Device));
        using var optimizer = optim.Adam(model.TrainableParameters, options.EffectiveLearningRate, weight_decay: options.WeightDecay);
        var checkpoint = new TrainingCheckpoint(options.EffectiveCheckpointDirectory);
        var reader = new DatasetImageReader(options.BadFilePolicy);
        var loss = new TaskLoss(multiLabel, labels.Count, options.LabelSmoothing);
        var builder = new ImageBatchBuilder(preprocessing, reader, options.Augment ? options.Augmentation : null);

        TrainingCheckpointState state;
        int? resumedAfter = null;
        if (options.Resume && checkpoint.Exists)
        {
            state = checkpoint.Load(identity, model, optimizer);
            resumedAfter = state.CompletedEpochs;
            progress?.Message($"resuming after epoch {state.CompletedEpochs} of {options.Epochs} from {checkpoint.Directory}");
        }
        else
        {
            if (options.Resume)
                progress?.Message($"no checkpoint in {checkpoint.Directory}; starting from epoch 1");
            checkpoint.Clear();
            state = new TrainingCheckpointState(identity, 0, 0, double.NegativeInfinity, 0, false, [], data.Train.Skipped);
        }

        while (state.CompletedEpochs < options.Epochs && !state.StoppedEarly)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int epoch = state.CompletedEpochs;
            double learningRate = CosineSchedule.LearningRate(epoch, options.Epochs, options.EffectiveLearningRate, options.MinLearningRate);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;
            progress?.EpochStarted(epoch + 1, options.Epochs, (data.Train.Count + options.BatchSize - 1) / options.BatchSize, learningRate);

            var pass = TrainEpoch(model, optimizer, loss, builder, data.Train, options, epoch, progress, cancellationToken);
            var validation = TaskEvaluator.Evaluate(model, data.Validation, preprocessing, reader, options.BatchSize, options.LabelSmoothing);

            double score = validation.Summary.Score(selectBy);
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
                SkippedFiles = [.. state.SkippedFiles.UnionBy(reader.Skipped, f => f.Path)],
            };
            checkpoint.Save(state, model, optimizer);
            progress?.EpochCompleted(record, selectBy);
            if (state.StoppedEarly)
                progress?.Message($"early stopping after epoch {epoch + 1}: no better validation {selectBy} for {withoutImprovement} epochs (best: epoch {state.BestEpoch})");
        }

        checkpoint.LoadBestWeights(state, model);
        var bestValidation = TaskEvaluator.Evaluate(model, data.Validation, preprocessing, reader, options.BatchSize, options.LabelSmoothing);
        var test = data.Test.Count > 0 ? TaskEvaluator.Evaluate(model, data.Test, preprocessing, reader, options.BatchSize, options.LabelSmoothing) : null;
        var skipped = state.SkippedFiles.UnionBy(reader.Skipped, f => f.Path).ToArray();
        var parameters = new ParameterCounts(model.TotalParameterCount, model.TrainableParameterCount);

        string modelFile = WriteModel(model, options, labels, multiLabel, preprocessing, startFingerprint, bestValidation, test, state.BestEpoch, parameters);
        string title = $"{options.TaskId}, {options.MethodName}";
        var plots = options.WritePlots ? TrainingPlots.Write(options.OutputDirectory, state.Epochs, selectBy, test ?? bestValidation, title) : [];
        var report = new TrainingReport(
            options.TaskId, options.Mode, options.MethodName,
            DemoBackbone.IsDemo(config) ? $"{config.Name} ({DemoBackbone.Label})" : config.Name, startFingerprint,
            labels, multiLabel, data.Train.Count, data.Validation.Count, data.Test.Count, parameters, options, selectBy,
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
                optimizer.step();
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
        var metrics = new Dictionary<string, double> { ["best_epoch"] = bestEpoch, ["trainable_parameters"] = parameters.Trainable };
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
        });
        return adapterPath;
    }

    static IReadOnlyList<SkippedFile> SkippedIn(LabeledDataset part, IReadOnlyList<SkippedFile> skipped)
    {
        var paths = part.Items.Select(i => i.ImagePath).ToHashSet();
        return skipped.Where(f => paths.Contains(f.Path)).ToArray();
    }
}
