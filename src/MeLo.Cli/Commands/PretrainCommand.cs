using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MeLo.Data;
using MeLo.Model.Vit;
using MeLo.Training;

namespace MeLo.Cli.Commands;

/// <summary>
/// <c>melo pretrain</c>: supervised pretraining of a small ViT on the SYNTHETIC source distribution. The committed
/// pretrained demo backbone was made by this command (its manifest records the exact command line and seed).
/// </summary>
public static class PretrainCommand
{
    public static Command Create()
    {
        var defaults = new PretrainingOptions();
        var output = new Option<string>("--out") { Description = "Output folder: NAME.safetensors, NAME.json (manifest), report.json, plots, checkpoint/.", Required = true };
        var config = new Option<string?>("--config") { Description = $"Named backbone config or a JSON file (default: {PretrainedDemoBackbone.Name}, 64 px, patch 8)." };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => defaults.Epochs };
        var steps = new Option<int>("--steps-per-epoch") { DefaultValueFactory = _ => defaults.StepsPerEpoch };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => defaults.LearningRate };
        var minLr = new Option<double>("--min-lr") { Description = "Floor of the cosine schedule.", DefaultValueFactory = _ => defaults.MinLearningRate };
        var warmup = new Option<int>("--warmup-steps") { DefaultValueFactory = _ => defaults.WarmupSteps };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => defaults.WeightDecay };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var validation = new Option<int>("--val-images") { Description = "Held-out source images scored after every epoch.", DefaultValueFactory = _ => defaults.ValidationImages };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its last finished epoch (same options)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON at the end." };
        var threads = new TorchThreadsOption();
        var command = new Command("pretrain", $"Pretrain a small ViT on a SYNTHETIC source distribution ({PretrainingSource.ClassCount} classes of shapes, textures and spots; not ImageNet).")
        {
            output, config, epochs, steps, batch, lr, minLr, warmup, weightDecay, seed, validation, resume, json, threads.Option,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            threads.Apply(parse);
            var options = new PretrainingOptions
            {
                Config = parse.GetValue(config) is { } name ? VitConfig.Resolve(name) : PretrainedDemoBackbone.Config,
                Epochs = parse.GetValue(epochs),
                StepsPerEpoch = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                MinLearningRate = parse.GetValue(minLr),
                WarmupSteps = parse.GetValue(warmup),
                WeightDecay = parse.GetValue(weightDecay),
                Seed = parse.GetValue(seed),
                ValidationImages = parse.GetValue(validation),
                OutputDirectory = parse.GetValue(output)!,
                Resume = parse.GetValue(resume),
                Command = "melo " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            };
            options.Validate();
            console.WriteLine($"pretraining {options.Config.Name} on the SYNTHETIC source distribution ({PretrainingSource.ClassCount} classes), " +
                $"{options.Epochs} epochs x {options.StepsPerEpoch} steps x batch {options.BatchSize}, lr {options.LearningRate}, seed {options.Seed}");
            var report = Pretrainer.Run(options, ConsoleTrainingProgress.For(console));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"source validation accuracy {report.Manifest.SourceValidationAccuracy:P1} after {report.ImagesSeen:N0} images; {report.Parameters:N0} parameters"));
            console.WriteLine($"wrote {report.WeightsFile} (sha256 {report.Manifest.Sha256}), {PretrainedDemoBackbone.ManifestPath(report.WeightsFile)}, " +
                $"{Path.Combine(options.OutputDirectory, "report.json")}{string.Concat(report.PlotFiles.Select(p => ", " + p))}");
            if (parse.GetValue(json))
                console.WriteLine(JsonSerializer.Serialize(report, TrainingJson.Options));
        });
        return command;
    }
}
