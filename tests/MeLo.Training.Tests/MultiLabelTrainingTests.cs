using MeLo.Data;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class MultiLabelTrainingTests(SyntheticData data)
{
    [Fact]
    public void A_multi_label_task_trains_with_sigmoid_outputs_and_reports_every_label()
    {
        using var backbone = DemoBackbone.Create();
        var report = Trainer.Train(backbone, SyntheticData.Source(data.Nih), new TrainingOptions
        {
            // The demo backbone's random features need the larger step (as in `melo bench train`).
            TaskId = "nih-like", Epochs = 3, LearningRate = 1e-2, Augment = false, WritePlots = false, OutputDirectory = data.NewDirectory("nih"),
        });

        Assert.True(report.MultiLabel);
        Assert.Equal(SelectionMetric.Auc, report.SelectedBy);
        Assert.Equal(NihChestXray14.LabelNames, report.Test!.PerClass.Select(c => c.Label));
        Assert.Null(report.Test.ConfusionMatrix);
        Assert.All(report.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss > 0));
        // BCE over 14 independent labels: the mean per-decision accuracy of a near-untrained model is high, not 1/14.
        Assert.InRange(report.Test.Summary.Accuracy, 0.5, 1.0);
        Assert.Equal("Multi-label", report.Test.Row.Task);
        Assert.Equal(14, report.Test.Row.ClassCount);
        Assert.Contains(report.Test.PerClass, c => c.Positives > 0 && double.IsFinite(c.Auc));
        // A model that predicts nothing scores every image alike: every label's AUC is exactly 0.5 (all ties). This one
        // must rank images differently on some label with positives. (That it detects findings at the 0.5 threshold is
        // not asserted: on the random demo backbone within a test's budget it does not; see docs/training.md.)
        Assert.Contains(report.Test.PerClass, c => c.Positives > 0 && Math.Abs(c.Auc - 0.5) > 0.05);
        // Exact match is reported beside the mean per-label accuracy, and can only be lower.
        Assert.InRange(report.Test.Row.SubsetAccuracy, 0.0, report.Test.Summary.Accuracy);

        using var adapter = AdapterFile.Load(report.ModelFile);
        Assert.True(adapter.Manifest.MultiLabel);
        Assert.Equal(Enumerable.Repeat(0.5f, 14), adapter.Manifest.Thresholds);
    }
}
