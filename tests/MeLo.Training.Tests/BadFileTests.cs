using MeLo.Data;
using MeLo.Model.Vit;

namespace MeLo.Training.Tests;

[Collection(SyntheticDataCollection.Name)]
public sealed class BadFileTests(SyntheticData data)
{
    /// <summary>An image folder with 6 good images per class and one file that is not an image.</summary>
    (string Folder, string Broken) FolderWithBrokenImage()
    {
        var folder = data.NewDirectory("broken");
        foreach (var label in data.BloodCell.LabelNames.Take(2))
        {
            Directory.CreateDirectory(Path.Combine(folder, label));
            foreach (var image in Directory.GetFiles(Path.Combine(data.BloodCell.Directory, "images", label)).Order().Take(6))
                File.Copy(image, Path.Combine(folder, label, Path.GetFileName(image)));
        }
        var broken = Path.Combine(folder, data.BloodCell.LabelNames[0], "broken.png");
        File.WriteAllText(broken, "not a png");
        return (folder, broken);
    }

    static TrainingOptions Options(string output, BadFilePolicy policy) => new()
    {
        TaskId = "broken", Epochs = 1, WritePlots = false, OutputDirectory = output, BadFilePolicy = policy,
    };

    [Theory]
    [InlineData(ImageCheck.Header)] // found while loading
    [InlineData(ImageCheck.Exists)] // found only when the image is decoded for a batch
    public void The_fail_policy_stops_training_naming_the_bad_file(ImageCheck check)
    {
        var (folder, broken) = FolderWithBrokenImage();
        using var backbone = DemoBackbone.Create();
        var source = new TaskDataSource { ImageFolder = folder, ImageCheck = check, Split = new SplitRatios(50, 50, 0) };

        var error = Assert.Throws<DatasetException>(() => Trainer.Train(backbone, source, Options(data.NewDirectory("fail"), BadFilePolicy.Fail)));

        Assert.Contains(broken, error.Message);
        Assert.Equal(broken, Assert.Single(error.BadFiles).Path);
    }

    [Theory]
    [InlineData(ImageCheck.Header)]
    [InlineData(ImageCheck.Exists)]
    public void The_skip_policy_trains_without_the_bad_file_and_reports_it(ImageCheck check)
    {
        var (folder, broken) = FolderWithBrokenImage();
        using var backbone = DemoBackbone.Create();
        var source = new TaskDataSource { ImageFolder = folder, ImageCheck = check, Split = new SplitRatios(50, 50, 0) };
        var messages = new List<string>();

        var report = Trainer.Train(backbone, source, Options(data.NewDirectory("skip"), BadFilePolicy.Skip), new MessageLog(messages));

        Assert.Equal(broken, Assert.Single(report.SkippedFiles).Path);
        Assert.Single(report.Epochs);
        if (check == ImageCheck.Header)
        {
            Assert.Equal(12, report.TrainImages + report.ValidationImages);
            Assert.Contains(messages, m => m.Contains("skipped 1 unreadable") && m.Contains(broken));
        }
        else
        {
            Assert.Equal(13, report.TrainImages + report.ValidationImages);
        }
    }
}
