using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class ResumeTests(SyntheticData data)
{
    /// <summary>Cancels the run once a given epoch is finished (and checkpointed), as an interruption would.</summary>
    sealed class StopAfterEpoch(int epoch, CancellationTokenSource cancel) : ITrainingProgress
    {
        public void EpochCompleted(EpochRecord record, SelectionMetric selectedBy)
        {
            if (record.Epoch == epoch)
                cancel.Cancel();
        }
    }

    [Theory]
    [InlineData(TrainingMode.Lora)]
    [InlineData(TrainingMode.Full)]
    public void Interrupting_and_resuming_gives_the_same_weights_and_metrics_as_an_uninterrupted_run(TrainingMode mode)
    {
        var splits = SyntheticData.Small(data.Shenzhen, train: 24, validation: 12, test: 12);
        // Augmentation on and a batch size that leaves a partial batch: shuffling, crops and flips must all resume exactly.
        TrainingOptions Options(string output) => new()
        {
            TaskId = "resume", Mode = mode, Epochs = 3, BatchSize = 10, Seed = 11, Augment = true, WritePlots = false, OutputDirectory = output,
        };

        using var whole = DemoBackbone.Create();
        var uninterrupted = Trainer.Train(whole, splits, Options(data.NewDirectory("whole")));

        var output = data.NewDirectory("resumed");
        using var cancel = new CancellationTokenSource();
        using (var first = DemoBackbone.Create())
            Assert.Throws<OperationCanceledException>(() => Trainer.Train(first, splits, Options(output), new StopAfterEpoch(1, cancel), cancel.Token));
        using var second = DemoBackbone.Create();
        var resumed = Trainer.Train(second, splits, Options(output) with { Resume = true });

        Assert.Null(uninterrupted.ResumedAfterEpoch);
        Assert.Equal(1, resumed.ResumedAfterEpoch);
        Assert.Equal(uninterrupted.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.Validation)), resumed.Epochs.Select(e => (e.Epoch, e.TrainLoss, e.Validation)));
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        Assert.Equal(uninterrupted.Test!.Summary, resumed.Test!.Summary);
        Assert.Equal(0, MaxDifference(uninterrupted.ModelFile, resumed.ModelFile));
    }

    [Fact]
    public void Resuming_with_other_options_is_refused_naming_the_difference()
    {
        var splits = SyntheticData.Small(data.Shenzhen, train: 8, validation: 4);
        var options = new TrainingOptions { TaskId = "resume", Epochs = 2, WritePlots = false, OutputDirectory = data.NewDirectory("refused") };
        using var cancel = new CancellationTokenSource();
        using (var first = DemoBackbone.Create())
            Assert.Throws<OperationCanceledException>(() => Trainer.Train(first, splits, options, new StopAfterEpoch(1, cancel), cancel.Token));

        using var second = DemoBackbone.Create();
        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Train(second, splits, options with { Resume = true, LearningRate = 5e-3 }));
        Assert.Contains("option learningRate", error.Message);
    }

    static double MaxDifference(string fileA, string fileB)
    {
        var (a, _) = SafeTensorsFile.Read(fileA);
        var (b, _) = SafeTensorsFile.Read(fileB);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(key => (a[key] - b[key]).abs().max().item<float>());
    }
}
