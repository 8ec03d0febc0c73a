using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class EarlyStoppingTests(SyntheticData data)
{
    [Fact]
    public void Training_stops_once_the_validation_score_has_not_improved_for_patience_epochs()
    {
        var splits = SyntheticData.Small(data.Shenzhen, train: 16, validation: 8);
        using var backbone = DemoBackbone.Create();
        var messages = new List<string>();

        // A learning rate too small to change any prediction: the validation accuracy cannot improve after epoch 1.
        var report = Trainer.Train(backbone, splits, new TrainingOptions
        {
            TaskId = "early", Epochs = 6, Patience = 2, LearningRate = 1e-12, MinLearningRate = 0, Augment = false,
            WritePlots = false, OutputDirectory = data.NewDirectory("early"),
        }, new MessageLog(messages));

        Assert.True(report.StoppedEarly);
        Assert.Equal(3, report.Epochs.Count);
        Assert.Equal(1, report.BestEpoch);
        Assert.Equal([true, false, false], report.Epochs.Select(e => e.IsBest));
        Assert.Contains(messages, m => m.StartsWith("early stopping after epoch 3", StringComparison.Ordinal));
    }
}
