using System.CommandLine;
using System.Text.Json;
using MeLo.Cli.Commands;
using MeLo.Data;
using MeLo.Model.Vit;
using MeLo.Training;
using static TorchSharp.torch;

namespace MeLo.Cli.Benchmarks;

/// <summary>
/// <c>melo bench train</c>: the paper's Table 1 in miniature. Writes the four synthetic tasks, trains each with MeLo (LoRA),
/// full fine-tuning and a linear probe on a fresh copy of the pretrained demo backbone, and reports metrics, trainable
/// parameters (and their percentage), training throughput and resident memory per run, plus a PNG chart.
/// Runs share one process, so memory is reported as peak and growth over the run's start.
/// </summary>
public static class TrainBenchmark
{
    public static Command Create()
    {
        var modes = new Option<string>("--modes") { Description = "Comma-separated: lora, full, head.", DefaultValueFactory = _ => "lora,full,head" };
        var tasks = new Option<string>("--tasks") { Description = $"all, or some of: {string.Join(", ", SyntheticTaskWriter.TaskNames.Select(t => t.Name))}.", DefaultValueFactory = _ => "all" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 8 };
        var perClass = new Option<int>("--per-class") { Description = "Images per class of the single-label tasks.", DefaultValueFactory = _ => 80 };
        var multiLabelCount = new Option<int>("--multi-label-count") { Description = "Images of the multi-label task.", DefaultValueFactory = _ => 400 };
        // Ten times the training defaults: the tasks are tiny (a few dozen steps per run), and the small demo backbone,
        // pretrained on synthetic shapes only, needs larger steps than an ImageNet ViT-B.
        var adapterLr = new Option<double>("--adapter-lr") { Description = "Learning rate of lora and head runs.", DefaultValueFactory = _ => 10 * TrainingOptions.AdapterLearningRate };
        var fullLr = new Option<double>("--full-lr") { Description = "Learning rate of full fine-tuning runs.", DefaultValueFactory = _ => 10 * TrainingOptions.FullLearningRate };
        var augment = new Option<bool>("--augment") { Description = "Random resized crop and flip (off by default: the tasks are tiny)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var workDirectory = new Option<string?>("--work-dir") { Description = "Where data and outputs go (default: a temporary folder, deleted afterwards)." };
        var threads = new TorchThreadsOption();
        var json = new Option<bool>("--json");
        var chart = new Option<string>("--chart") { Description = "PNG chart of ACC and AUC per task and method.", DefaultValueFactory = _ => "bench-train.png" };
        var command = new Command("train", "Train lora, full and head on the four SYNTHETIC tasks with the pretrained demo backbone: a Table-1 analogue with cost per mode.")
        {
            modes, tasks, epochs, perClass, multiLabelCount, adapterLr, fullLr, augment, seed, workDirectory, threads.Option, json, chart,
        };
        command.SetAction(parse =>
        {
            threads.Apply(parse);
            var report = Run(
                parse.GetValue(modes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => Enum.Parse<TrainingMode>(m, ignoreCase: true)).ToArray(),
                SyntheticTaskWriter.ParseTasks(parse.GetValue(tasks)!), parse.GetValue(epochs), parse.GetValue(perClass), parse.GetValue(multiLabelCount),
                parse.GetValue(adapterLr), parse.GetValue(fullLr), parse.GetValue(augment), parse.GetValue(seed), parse.GetValue(workDirectory),
                parse.InvocationConfiguration.Output);
            TrainBenchmarkChart.Write(parse.GetValue(chart)!, report);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, TrainingJson.Options) : report.ToText());
            if (!parse.GetValue(json))
                parse.InvocationConfiguration.Output.WriteLine($"chart: {Path.GetFullPath(parse.GetValue(chart)!)}");
        });
        return command;
    }

    /// <param name="log">Receives one line per finished run.</param>
    public static TrainBenchmarkReport Run(IReadOnlyList<TrainingMode> modes, SyntheticTask tasks, int epochs, int perClass, int multiLabelCount,
        double adapterLearningRate, double fullLearningRate, bool augment, int seed, string? workDirectory, TextWriter log)
    {
        string root = workDirectory ?? Directory.CreateTempSubdirectory("melo-bench-train-").FullName;
        try
        {
            var written = SyntheticTaskWriter.Write(Path.Combine(root, "data"), new SyntheticTaskOptions
            {
                ImageSize = PretrainedDemoBackbone.Config.ImageSize, ImagesPerClass = perClass, MultiLabelImageCount = multiLabelCount, Seed = seed, Tasks = tasks, Overwrite = true,
            });
            var runs = new List<TrainBenchmarkRun>();
            foreach (var task in written)
                foreach (var mode in modes)
                {
                    // A fresh backbone per run: full fine-tuning changes it in place.
                    using var backbone = PretrainedDemoBackbone.Load();
                    long start = Environment.WorkingSet;
                    var report = Trainer.Train(backbone,
                        new TaskDataSource { CsvPath = task.ManifestPath, Csv = task.ManifestOptions, Split = new SplitRatios(60, 20, 20), SplitSeed = seed },
                        new TrainingOptions
                        {
                            TaskId = task.Name, Mode = mode, Epochs = epochs, Seed = seed, Augment = augment, WritePlots = false,
                            LearningRate = mode == TrainingMode.Full ? fullLearningRate : adapterLearningRate,
                            OutputDirectory = Path.Combine(root, "runs", task.Name, mode.ToString().ToLowerInvariant()),
                        });
                    var run = new TrainBenchmarkRun(task.Name, mode.ToString().ToLowerInvariant(), report.Final.Row, report.ImagesPerSecond,
                        report.Epochs.Sum(e => e.Seconds), start, report.PeakWorkingSetBytes, report.BestEpoch);
                    runs.Add(run);
                    log.WriteLine($"{task.Name,-15} {run.Mode,-5} acc {report.Final.Summary.Accuracy:F3} auc {report.Final.Summary.Auc:F3} {run.ImagesPerSecond:F1} img/s");
                }
            return new TrainBenchmarkReport($"{PretrainedDemoBackbone.Name} ({PretrainedDemoBackbone.Label})", epochs, get_num_threads(),
                $"{perClass} images per class, {multiLabelCount} multi-label images, split 60/20/20, metrics on the test part; lr {adapterLearningRate} (lora, head), {fullLearningRate} (full)", runs);
        }
        finally
        {
            if (workDirectory is null)
                Directory.Delete(root, recursive: true);
        }
    }
}
