using System.Text.Json;
using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model.Adapters;
using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class TrainingQualityTests(SyntheticData data)
{
    [Fact]
    public void Lora_on_the_demo_backbone_learns_a_four_class_task_far_above_chance()
    {
        var report = data.BloodCellLora;

        // Chance is 0.25 on four balanced classes.
        Assert.True(report.Validation.Summary.Accuracy >= 0.8, $"validation accuracy {report.Validation.Summary.Accuracy:F3}");
        Assert.True(report.Test!.Summary.Accuracy >= 0.8, $"test accuracy {report.Test.Summary.Accuracy:F3}");
        Assert.True(report.Test.Summary.Auc >= 0.9, $"test AUC {report.Test.Summary.Auc:F3}");
        Assert.Equal(6, report.Epochs.Count);
        Assert.True(report.Epochs[^1].TrainLoss < report.Epochs[0].TrainLoss);
        Assert.All(report.Epochs, e => Assert.True(e.WorkingSetBytes > 0 && e.PeakWorkingSetBytes >= e.WorkingSetBytes / 2 && e.ImagesPerSecond > 0));
        Assert.Equal(4, report.Test.ConfusionMatrix!.Length);
        Assert.Equal(report.TestImages, report.Test.ConfusionMatrix.Sum(row => row.Sum()));
    }

    [Fact]
    public void The_adapter_file_carries_the_metrics_and_reproduces_them_when_loaded()
    {
        var report = data.BloodCellLora;
        using var loaded = AdapterFile.Load(report.ModelFile);
        var metrics = loaded.Manifest.Metrics;

        Assert.Equal(report.Test!.Summary.Accuracy, metrics["test_accuracy"], 12);
        Assert.Equal(report.Validation.Summary.Auc, metrics["val_auc"], 12);
        Assert.Equal(report.BestEpoch, metrics["best_epoch"]);
        Assert.Equal(report.Parameters.Trainable, loaded.Manifest.TrainableParameters);
        Assert.Equal("MeLo (LoRA r=4)", loaded.Manifest.Method);
        Assert.Equal(data.BloodCell.LabelNames, loaded.Manifest.Labels);
        Assert.Equal("melo train: MeLo (LoRA r=4)", loaded.Manifest.Source);

        using var backbone = DemoBackbone.Create();
        using var model = TaskModel.ForAdapter(backbone, loaded.Adapter);
        var splits = SyntheticData.Source(data.BloodCell).Load(BadFilePolicy.Fail);
        var evaluation = TaskEvaluator.Evaluate(model, splits.Test, ImagePreprocessing.ImageNetAt(64), new DatasetImageReader(BadFilePolicy.Fail));
        Assert.Equal(report.Test.Summary.Accuracy, evaluation.Summary.Accuracy, 12);
        Assert.Equal(report.Test.Summary.Auc, evaluation.Summary.Auc, 6);
    }

    [Fact]
    public void The_report_json_and_the_plots_are_written()
    {
        var report = data.BloodCellLora;
        var directory = Path.GetDirectoryName(report.ModelFile)!;
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "report.json")));
        var epochs = json.RootElement.GetProperty("epochs");

        Assert.Equal(6, epochs.GetArrayLength());
        Assert.All(epochs.EnumerateArray(), e =>
        {
            Assert.True(e.GetProperty("workingSetBytes").GetInt64() > 0);
            Assert.True(e.GetProperty("learningRate").GetDouble() > 0);
            Assert.True(e.GetProperty("validation").GetProperty("accuracy").GetDouble() >= 0);
        });
        Assert.Equal("lora", json.RootElement.GetProperty("mode").GetString());
        Assert.True(json.RootElement.GetProperty("test").GetProperty("row").GetProperty("accuracy").GetDouble() >= 0.8);
        Assert.Equal(["loss.png", "metric.png", "roc.png"], report.PlotFiles.Select(Path.GetFileName));
        foreach (var plot in report.PlotFiles)
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot).Take(4));
    }
}
