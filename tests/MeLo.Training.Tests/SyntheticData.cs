using MeLo.Data;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Training.Tests;

/// <summary>
/// The four synthetic tasks at the demo backbone's 64 px, written once per test run and deleted afterwards, plus one
/// MeLo training run on the 4-class bloodcell-like task that several tests inspect.
/// </summary>
public sealed class SyntheticData : IDisposable
{
    readonly TempDirectory _scratch = new("melo-training-tests-");
    readonly Lazy<TrainingReport> _bloodCellLora;

    public SyntheticData()
    {
        // One torch thread: the tests share two cores with the test host (and, on dev machines, with builds), and
        // OpenMP threads spinning against each other made a step several times slower than one thread.
        set_num_threads(1);
        Tasks = SyntheticTaskWriter.Write(_scratch.Combine("synthetic"), new SyntheticTaskOptions
        {
            ImageSize = 64, ImagesPerClass = 50, MultiLabelImageCount = 160, Seed = 7,
        }).ToDictionary(t => t.Name);
        _bloodCellLora = new(() =>
        {
            using var backbone = DemoBackbone.Create();
            return Trainer.Train(backbone, Source(BloodCell), BloodCellOptions(NewDirectory("bloodcell-lora")));
        });
    }

    public IReadOnlyDictionary<string, SyntheticTaskInfo> Tasks { get; }

    public SyntheticTaskInfo BloodCell => Tasks["bloodcell-like"];

    public SyntheticTaskInfo Shenzhen => Tasks["shenzhen-like"];

    public SyntheticTaskInfo Nih => Tasks["nih-like"];

    /// <summary>MeLo on bloodcell-like: 6 epochs at lr 1e-2 without augmentation (the random demo features need a larger step than 1e-3).</summary>
    public TrainingReport BloodCellLora => _bloodCellLora.Value;

    public static TrainingOptions BloodCellOptions(string output) => new()
    {
        TaskId = "bloodcell-like", Epochs = 6, LearningRate = 1e-2, Augment = false, Seed = 3, OutputDirectory = output,
    };

    /// <summary>The task's CSV manifest, split 60/20/20 by a fixed seed.</summary>
    public static TaskDataSource Source(SyntheticTaskInfo task) => new()
    {
        CsvPath = task.ManifestPath, Csv = task.ManifestOptions, Split = new SplitRatios(60, 20, 20), SplitSeed = 1,
    };

    /// <summary>A small slice of a task's parts, for tests about mechanics rather than accuracy.</summary>
    public static DatasetSplits Small(SyntheticTaskInfo task, int train, int validation, int test = 0)
    {
        var splits = Source(task).Load(BadFilePolicy.Fail);
        return new DatasetSplits(
            splits.Train.WithItems(splits.Train.Items.Take(train)),
            splits.Validation.WithItems(splits.Validation.Items.Take(validation)),
            splits.Test.WithItems(splits.Test.Items.Take(test)));
    }

    /// <summary>A fresh folder under the run's root.</summary>
    public string NewDirectory(string name) => _scratch.NewDirectory(name);

    public void Dispose() => _scratch.Dispose();
}
