using System.Diagnostics;
using System.Text.Json;
using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Training;

/// <summary>
/// <c>melo pretrain</c>: supervised pretraining of a ViT on <see cref="PretrainingSource"/>, the SYNTHETIC source
/// distribution. Every step draws fresh images from (seed, step, index), so runs are deterministic by seed and resume
/// exactly from the last finished epoch. Writes the headless backbone as fp16 safetensors in timm naming with a
/// manifest (command, seed, SHA-256), report.json and plots of loss and source accuracy.
/// </summary>
public static class Pretrainer
{
    const string SourceDescription = "SYNTHETIC source distribution (MeLo.Data.PretrainingSource): generic shapes, textures, cell- and lesion-like spots " +
        "on gray or coloured backgrounds; not ImageNet, not medical, disjoint from the synthetic target tasks";

    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="InvalidOperationException">Resuming a checkpoint made with other options.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the last finished epoch remains for resuming.</exception>
    public static PretrainingReport Run(PretrainingOptions options, ITrainingProgress? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var config = options.Config with { NumClasses = PretrainingSource.ClassCount };
        var preprocessing = new ImagePreprocessing(config.ImageSize,
            new RgbValues(config.Mean[0], config.Mean[1], config.Mean[2]), new RgbValues(config.Std[0], config.Std[1], config.Std[2]));
        Directory.CreateDirectory(options.OutputDirectory);
        var checkpoint = new PretrainingCheckpoint(Path.Combine(options.OutputDirectory, "checkpoint"));
        Directory.CreateDirectory(checkpoint.Directory);

        using var model = new VisionTransformer(config);
        DemoBackbone.InitializeWeights(model, options.Seed);
        using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        // Where files go, whether to resume and how the command was spelt do not change the weights.
        var identity = JsonSerializer.SerializeToNode(options with { OutputDirectory = "", Resume = false, Command = "" }, TrainingJson.Options)!.AsObject();
        var state = new PretrainingState(identity, 0, []);
        int? resumedAfter = null;
        if (options.Resume && checkpoint.Exists)
        {
            state = checkpoint.Load(state, model, optimizer);
            resumedAfter = state.CompletedEpochs;
            progress?.Message($"resuming after epoch {state.CompletedEpochs} of {options.Epochs} from {checkpoint.Directory}");
        }
        else
        {
            if (options.Resume)
                progress?.Message($"no checkpoint in {checkpoint.Directory}; starting from epoch 1");
            checkpoint.Clear();
        }

        // Validation seeds use a = -1; training steps use a >= 0, so no validation image is ever trained on.
        var (validationPixels, validationLabels) = Batch(preprocessing, options.ValidationImages, k => DerivedSeed.From(options.Seed, -1, k));
        while (state.CompletedEpochs < options.Epochs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int epoch = state.CompletedEpochs;
            progress?.EpochStarted(epoch + 1, options.Epochs, options.StepsPerEpoch, options.LearningRateAt(epoch * options.StepsPerEpoch));
            var (loss, accuracy, seconds, peak) = TrainEpoch(model, optimizer, preprocessing, options, epoch, progress, cancellationToken);
            var (validationLoss, validationAccuracy) = Evaluate(model, validationPixels, validationLabels, preprocessing.ImageSize, options.BatchSize);
            bool improved = state.Epochs.Count == 0 || validationAccuracy > state.Epochs.Max(e => e.Validation.Accuracy);
            var record = new EpochRecord(epoch + 1, options.LearningRateAt(((epoch + 1) * options.StepsPerEpoch) - 1), loss, accuracy,
                new MetricSummary(validationLoss, validationAccuracy, double.NaN, double.NaN, double.NaN, double.NaN),
                seconds, (double)options.StepsPerEpoch * options.BatchSize / seconds, Environment.WorkingSet, peak, improved);
            state = state with { CompletedEpochs = epoch + 1, Epochs = [.. state.Epochs, record] };
            checkpoint.Save(state, model, optimizer);
            progress?.EpochCompleted(record, SelectionMetric.Accuracy);
        }

        var final = state.Epochs[^1];
        long imagesSeen = (long)options.TotalSteps * options.BatchSize;
        string weightsPath = Path.Combine(options.OutputDirectory, options.Config.Name + ".safetensors");
        // Headless and fp16: the source head is of no use downstream, and half precision halves the committed file.
        var weights = model.state_dict().Where(kv => !kv.Key.StartsWith("head.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float16));
        SafeTensorsFile.Write(weightsPath, weights, new Dictionary<string, string> { ["format"] = PretrainedBackboneManifest.FormatName });
        foreach (var tensor in weights.Values)
            tensor.Dispose();
        var manifest = new PretrainedBackboneManifest
        {
            Config = options.Config with { NumClasses = 0 }, WeightsFile = Path.GetFileName(weightsPath), Sha256 = PretrainedDemoBackbone.Sha256Of(weightsPath),
            Command = options.Command, Seed = options.Seed, Source = SourceDescription, SourceClasses = PretrainingSource.ClassCount,
            ImagesSeen = imagesSeen, SourceValidationAccuracy = final.Validation.Accuracy, CreatedAt = DateTimeOffset.UtcNow,
        };
        File.WriteAllText(PretrainedDemoBackbone.ManifestPath(weightsPath), manifest.ToJson());

        string lossPlot = Path.Combine(options.OutputDirectory, "loss.png"), accuracyPlot = Path.Combine(options.OutputDirectory, "metric.png");
        double[] x = state.Epochs.Select(e => (double)e.Epoch).ToArray();
        TrainingPlots.Line(lossPlot, $"pretraining {options.Config.Name}: loss", "loss", x,
            ("train", state.Epochs.Select(e => e.TrainLoss)), ("validation", state.Epochs.Select(e => e.Validation.Loss)));
        TrainingPlots.Line(accuracyPlot, $"pretraining {options.Config.Name}: source accuracy ({PretrainingSource.ClassCount} classes)", "fraction", x,
            ("train", state.Epochs.Select(e => e.TrainAccuracy)), ("validation", state.Epochs.Select(e => e.Validation.Accuracy)));

        var report = new PretrainingReport(options, PretrainingSource.ClassCount, model.parameters().Sum(p => p.numel()), state.Epochs, resumedAfter,
            imagesSeen, weightsPath, manifest, [lossPlot, accuracyPlot]);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "report.json"), JsonSerializer.Serialize(report, TrainingJson.Options));
        return report;
    }

    static (double Loss, double Accuracy, double Seconds, long PeakWorkingSet) TrainEpoch(VisionTransformer model, TorchSharp.Modules.AdamW optimizer,
        ImagePreprocessing preprocessing, PretrainingOptions options, int epoch, ITrainingProgress? progress, CancellationToken cancellationToken)
    {
        model.train();
        double lossSum = 0;
        long images = 0, correct = 0, peak = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        // The next batch renders while this one trains: rendering is pure C#, so it overlaps libtorch's work.
        Task<(float[] Pixels, long[] Labels)> RenderStep(int step) =>
            Task.Run(() => Batch(preprocessing, options.BatchSize, k => DerivedSeed.From(options.Seed, step, k)), cancellationToken);
        var next = RenderStep(epoch * options.StepsPerEpoch);
        for (int b = 0; b < options.StepsPerEpoch; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int step = (epoch * options.StepsPerEpoch) + b;
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = options.LearningRateAt(step);
            var (pixels, labels) = next.GetAwaiter().GetResult();
            if (b + 1 < options.StepsPerEpoch)
                next = RenderStep(step + 1);
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                var logits = model.forward(tensor(pixels, [options.BatchSize, 3, preprocessing.ImageSize, preprocessing.ImageSize]));
                var targets = tensor(labels);
                var loss = nn.functional.cross_entropy(logits, targets, label_smoothing: options.LabelSmoothing);
                loss.backward();
                OptimizerStep.Run(optimizer);
                lossSum += loss.item<float>() * options.BatchSize;
                correct += logits.detach().argmax(1).eq(targets).sum().item<long>();
            }
            images += options.BatchSize;
            peak = Math.Max(peak, Environment.WorkingSet);
            progress?.BatchCompleted(epoch + 1, b + 1, options.StepsPerEpoch, lossSum / images, (double)correct / images, images / clock.Elapsed.TotalSeconds);
        }
        return (lossSum / images, (double)correct / images, clock.Elapsed.TotalSeconds, peak);
    }

    static (double Loss, double Accuracy) Evaluate(VisionTransformer model, float[] pixels, long[] labels, int size, int batchSize)
    {
        model.eval();
        using var inference = inference_mode();
        int length = 3 * size * size;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < labels.Length; start += batchSize)
        {
            int count = Math.Min(batchSize, labels.Length - start);
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(pixels.AsSpan(start * length, count * length).ToArray(), [count, 3, size, size]));
            var targets = tensor(labels.AsSpan(start, count).ToArray());
            lossSum += nn.functional.cross_entropy(logits, targets).item<float>() * count;
            correct += logits.argmax(1).eq(targets).sum().item<long>();
        }
        return (lossSum / labels.Length, (double)correct / labels.Length);
    }

    /// <summary>Renders images in parallel (no torch) into one normalised CHW buffer; image k comes from seed(k) alone.</summary>
    static (float[] Pixels, long[] Labels) Batch(ImagePreprocessing preprocessing, int count, Func<int, int> seed)
    {
        int length = preprocessing.TensorLength;
        var pixels = new float[count * length];
        var labels = new long[count];
        Parallel.For(0, count, k =>
        {
            var (image, label) = PretrainingSource.Sample(preprocessing.ImageSize, seed(k));
            ImageTensorizer.ToTensor(image, preprocessing, pixels.AsSpan(k * length, length));
            labels[k] = label;
        });
        return (pixels, labels);
    }
}
