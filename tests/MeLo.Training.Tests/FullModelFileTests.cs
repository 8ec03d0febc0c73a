using MeLo.Data;
using MeLo.Imaging;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class FullModelFileTests(SyntheticData data)
{
    [Fact]
    public void Full_fine_tuning_writes_a_timm_named_model_file_that_evaluates_to_the_reported_metrics()
    {
        var splits = SyntheticData.Small(data.BloodCell, train: 24, validation: 12, test: 12);
        using var backbone = DemoBackbone.Create();
        string pretrained = backbone.Fingerprint;
        var report = Trainer.Train(backbone, splits, new TrainingOptions
        {
            TaskId = "bloodcell-full", Mode = TrainingMode.Full, Epochs = 1, WritePlots = false, OutputDirectory = data.NewDirectory("full"),
        });

        Assert.Equal("model.safetensors", Path.GetFileName(report.ModelFile));
        var (tensors, metadata) = SafeTensorsFile.Read(report.ModelFile);
        Assert.Equal(FullModelFile.FormatName, metadata["format"]);
        Assert.Contains("blocks.3.attn.qkv.weight", tensors.Keys);
        Assert.Equal([4L, 96L], tensors["head.weight"].shape);

        using var loaded = FullModelFile.Load(report.ModelFile);
        Assert.Equal(pretrained, loaded.Manifest.StartedFromFingerprint);
        Assert.NotEqual(pretrained, loaded.Model.Fingerprint);
        Assert.Equal(report.Parameters.Trainable, loaded.Manifest.TrainableParameters);
        Assert.Equal(report.Test!.Summary.Accuracy, loaded.Manifest.Metrics["test_accuracy"], 12);
        using var model = TaskModel.ForFullModel(loaded.Model);
        var evaluation = TaskEvaluator.Evaluate(model, splits.Test, ImagePreprocessing.ImageNetAt(64), new DatasetImageReader(BadFilePolicy.Fail),
            labelSmoothing: 0.1);
        Assert.Equal(report.Test.Summary.Accuracy, evaluation.Summary.Accuracy, 12);
        Assert.Equal(report.Test.Summary.Loss, evaluation.Summary.Loss, 6);
    }
}
