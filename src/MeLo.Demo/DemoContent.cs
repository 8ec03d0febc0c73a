using System.Diagnostics;
using MeLo.Data;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Engine.Repository;
using MeLo.Training;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace MeLo.Hosting;

/// <summary>
/// What `melo serve` needs to work out of the box on the pretrained demo backbone (<see cref="PretrainedDemoBackbone"/>):
/// one MeLo adapter per synthetic task, trained at first start on SYNTHETIC images written under the data directory,
/// and a few other synthetic sample images to send. Created once (a marker file records it), so restarts neither retrain
/// nor undo deliberate deletions through the API. The adapters learn synthetic patterns on a backbone pretrained on
/// synthetic shapes; they say nothing about medical images.
/// </summary>
public sealed partial class DemoContent(IAdapterRepository repository, IOptions<MeLoSiloOptions> options, IOptions<DemoContentOptions> demo,
    ILogger<DemoContent> logger) : IHostedService
{
    /// <summary>All four synthetic tasks: each learns on the pretrained demo backbone (docs/training.md, `melo bench train`).</summary>
    public const SyntheticTask Tasks = SyntheticTask.All;

    // Training images differ from the samples (seed 0), so the samples show how the adapters do on unseen images.
    const int TrainingDataSeed = 1;

    public static IEnumerable<string> TaskNames => DemoTasks.Select(t => t.Name);

    static IEnumerable<(SyntheticTask Task, string Name)> DemoTasks => SyntheticTaskWriter.TaskNames.Where(t => Tasks.HasFlag(t.Task));

    public static string SamplesDirectory(MeLoSiloOptions options) => Path.Combine(DemoDirectory(options), "samples");

    static string DemoDirectory(MeLoSiloOptions options) => Path.Combine(Path.GetFullPath(options.DataDirectory), "demo");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = DemoDirectory(options.Value);
        var marker = Path.Combine(directory, "created");
        if (File.Exists(marker))
            return;
        var clock = Stopwatch.StartNew();
        SyntheticTaskWriter.Write(SamplesDirectory(options.Value), new SyntheticTaskOptions
        {
            ImageSize = PretrainedDemoBackbone.Config.ImageSize, ImagesPerClass = 3, MultiLabelImageCount = 12, Tasks = Tasks, Overwrite = true,
        }, cancellationToken);
        using (var backbone = PretrainedDemoBackbone.Load())
            foreach (var (task, name) in DemoTasks)
            {
                // Present after an interrupted first start (or uploaded by the user): kept, not retrained.
                if (await repository.GetAsync(name, cancellationToken: cancellationToken) is not null)
                    continue;
                var file = await Task.Run(() => Train(backbone, task, directory, cancellationToken), cancellationToken);
                await repository.PutAsync(name, file, activate: true, cancellationToken);
            }
        await File.WriteAllTextAsync(marker, $"{DateTimeOffset.UtcNow:O}{Environment.NewLine}", cancellationToken);
        LogCreated(clock.Elapsed.TotalSeconds, directory);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    byte[] Train(VisionTransformer backbone, SyntheticTask task, string directory, CancellationToken cancellationToken)
    {
        var settings = demo.Value;
        var data = SyntheticTaskWriter.Write(Path.Combine(directory, "train"), new SyntheticTaskOptions
        {
            ImageSize = PretrainedDemoBackbone.Config.ImageSize, ImagesPerClass = settings.TrainImagesPerClass,
            MultiLabelImageCount = settings.TrainMultiLabelImages, Seed = TrainingDataSeed, Tasks = task, Overwrite = true,
        }, cancellationToken).Single();
        LogTraining(data.Name, data.ImageCount, settings.Epochs);
        // One torch thread: measured on two cores, training with two ran about three times slower than with one.
        int threads = get_num_threads();
        set_num_threads(1);
        TrainingReport report;
        try
        {
            // lr 3e-3 without augmentation: the rate `melo bench train` picked on validation for MeLo on three of the four tasks.
            report = Trainer.Train(backbone, new TaskDataSource { CsvPath = data.ManifestPath, Csv = data.ManifestOptions }, new TrainingOptions
            {
                TaskId = data.Name, Epochs = settings.Epochs, LearningRate = 3e-3, Augment = false, WritePlots = false,
                OutputDirectory = Path.Combine(directory, "runs", data.Name),
            }, new DemoTrainingProgress(logger, data.Name, settings.Epochs), cancellationToken);
        }
        finally
        {
            set_num_threads(threads);
        }
        var final = report.Final.Summary;
        LogTrained(data.Name, report.TrainImages, final.Accuracy, final.Auc);
        // The trainer's manifest already holds the metrics; only what the adapter is and where it came from is added.
        using var trained = AdapterFile.Load(report.ModelFile);
        return AdapterFile.Serialize(trained.Adapter, trained.Manifest with
        {
            DisplayName = $"Demo, trained on SYNTHETIC images: {data.Description.TrimEnd('.')}",
            Source = $"melo serve demo content: {report.Method} trained on SYNTHETIC {data.Name} images on the {PretrainedDemoBackbone.Label}; not a medical model",
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training demo adapter {Task} on {Images} SYNTHETIC images for {Epochs} epochs (first start only)")]
    partial void LogTraining(string task, int images, int epochs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo adapter {Task} trained on {Images} images: test accuracy {Accuracy:P1}, AUC {Auc:F3}")]
    partial void LogTrained(string task, int images, double accuracy, double auc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the demo adapters and synthetic images in {Seconds:F1}s under {Directory}")]
    partial void LogCreated(double seconds, string directory);
}
