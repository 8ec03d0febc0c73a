using System.CommandLine;
using System.Text.Json;
using MeLo.Evaluation;
using MeLo.Model.Lora;
using MeLo.Model.Vit;
using MeLo.Training;

namespace MeLo.Cli.Commands;

/// <summary><c>melo train</c>: train a task adapter (MeLo), a linear probe or a full fine-tuning baseline on an image folder or CSV manifest.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var backbone = new BackboneOptions();
        var data = new DataSourceOptions();
        var threads = new TorchThreadsOption();
        var mode = new Option<TrainingMode>("--mode") { Description = "lora (MeLo), head (linear probe) or full (full fine-tuning baseline).", DefaultValueFactory = _ => TrainingMode.Lora };
        var output = new Option<string>("--out") { Description = "Output folder: model file, report.json, plots, checkpoint/.", Required = true };
        var task = new Option<string?>("--task-id") { Description = "Task id for the manifest (default: the output folder's name)." };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 16 };
        var lr = new Option<double?>("--lr") { Description = $"Peak learning rate (default {TrainingOptions.AdapterLearningRate} for lora/head, {TrainingOptions.FullLearningRate} for full)." };
        var minLr = new Option<double>("--min-lr") { Description = "Floor of the cosine schedule.", DefaultValueFactory = _ => 1e-6 };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 0 };
        var smoothing = new Option<double>("--label-smoothing") { Description = "Single-label tasks only.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var patience = new Option<int?>("--patience") { Description = "Stop after this many epochs without a better validation score." };
        var selectBy = new Option<SelectionMetric?>("--select-by") { Description = "Validation score for the best epoch: accuracy, auc, f1score or loss (default accuracy; auc for multi-label)." };
        var noAugment = new Option<bool>("--no-augment") { Description = "No random resized crop or flip." };
        var rank = new Option<int>("--rank") { Description = "LoRA rank.", DefaultValueFactory = _ => 4 };
        var alpha = new Option<double>("--alpha") { Description = "LoRA alpha (scale = alpha / rank).", DefaultValueFactory = _ => 4 };
        var targets = new Option<string>("--targets") { Description = "LoRA targets: q,k,v,o,fc1,fc2.", DefaultValueFactory = _ => "q,v" };
        var imageSize = new Option<int?>("--image-size") { Description = "Input size in pixels (default: the backbone's)." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Per-epoch checkpoints (default <out>/checkpoint)." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its last finished epoch (same options and data)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON at the end." };
        var device = new Option<string>("--device") { Description = "Where to train: cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

        var command = new Command("train", "Train a task: MeLo LoRA adapter (default), linear probe or full fine-tuning. Without --weights it uses the untrained demo backbone.")
        {
            mode, output, task, epochs, batch, lr, minLr, weightDecay, smoothing, seed, patience, selectBy, noAugment,
            rank, alpha, targets, imageSize, checkpointDir, resume, noPlots, json, device, threads.Option,
        };
        foreach (var option in backbone.All.Concat(data.All))
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            threads.Apply(parse);
            var outputDirectory = parse.GetValue(output)!;
            var options = new TrainingOptions
            {
                Mode = parse.GetValue(mode),
                TaskId = parse.GetValue(task) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory))),
                OutputDirectory = outputDirectory,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                MinLearningRate = parse.GetValue(minLr),
                WeightDecay = parse.GetValue(weightDecay),
                LabelSmoothing = parse.GetValue(smoothing),
                Seed = parse.GetValue(seed),
                Patience = parse.GetValue(patience),
                SelectBy = parse.GetValue(selectBy),
                Augment = !parse.GetValue(noAugment),
                Lora = new LoraSettings { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraTargetShapes.ParseList(parse.GetValue(targets)!) },
                ImageSize = parse.GetValue(imageSize),
                CheckpointDirectory = parse.GetValue(checkpointDir),
                Resume = parse.GetValue(resume),
                WritePlots = !parse.GetValue(noPlots),
                BadFilePolicy = parse.GetValue(data.BadFiles),
                Device = parse.GetValue(device)!,
            };
            options.Validate();
            var source = data.Create(parse);
            using var model = backbone.Load(parse);
            string note = DemoBackbone.IsDemo(model.Config) ? $" ({DemoBackbone.Label}: results say nothing about pretrained backbones)"
                : model.Config.Name == PretrainedDemoBackbone.Name ? $" ({PretrainedDemoBackbone.Label})" : "";
            console.WriteLine($"backbone {model.Config.Name}{note}, weights {model.Fingerprint}");
            console.WriteLine($"training {options.MethodName}, {options.Epochs} epochs, lr {options.EffectiveLearningRate}, batch {options.BatchSize}, seed {options.Seed}, device {options.Device}");

            var report = Trainer.Train(model, source, options, ConsoleTrainingProgress.For(console));

            console.WriteLine();
            console.WriteLine($"{report.TrainImages} train / {report.ValidationImages} val / {report.TestImages} test images; best epoch {report.BestEpoch}{(report.StoppedEarly ? " (stopped early)" : "")}; " +
                $"trainable {report.Parameters.Trainable:N0} of {report.Parameters.Total:N0} parameters ({MetricsTableFormatter.FormatParameterCount(report.Parameters.Trainable)})");
            console.WriteLine(report.Test is null ? "validation (no test part):" : "test:");
            console.Write(report.Final.ToText());
            console.WriteLine($"wrote {report.ModelFile}, {Path.Combine(outputDirectory, "report.json")}{string.Concat(report.PlotFiles.Select(p => ", " + p))}");
            if (parse.GetValue(json))
                console.WriteLine(JsonSerializer.Serialize(report, TrainingJson.Options));
        });
        return command;
    }
}
