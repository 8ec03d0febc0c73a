namespace MeLo.Data.Tests;

public sealed class BadFilePolicyTests
{
    [Fact]
    public void SkipPolicy_LeavesBadFilesOutAndReportsThem()
    {
        using var root = new TempDirectory();
        root.Png("good.png");
        root.Write("empty.png", []);
        root.WriteText("text.png", "this is not an image");
        string csv = root.WriteText("m.csv", "path,label\ngood.png,a\nmissing.png,a\nempty.png,b\ntext.png,b\n");

        var dataset = CsvManifestDataset.Load(csv, Options(BadFilePolicy.Skip));

        Assert.Equal([root.Combine("good.png")], dataset.Items.Select(i => i.ImagePath).ToArray());
        Assert.Equal(["a", "b"], dataset.LabelNames);
        Assert.Equal(
            [root.Combine("missing.png"), root.Combine("empty.png"), root.Combine("text.png")],
            dataset.Skipped.Select(s => s.Path).ToArray());
        Assert.Equal("file not found (m.csv line 3)", dataset.Skipped[0].Reason);
        Assert.Contains("no data", dataset.Skipped[1].Reason);
        Assert.Contains("not a PNG, JPEG, BMP or WebP image", dataset.Skipped[2].Reason);
    }

    [Fact]
    public void FailPolicy_NamesTheFirstBadFileAndListsAll()
    {
        using var root = new TempDirectory();
        root.Png("good.png");
        root.Write("empty.png", []);
        string csv = root.WriteText("m.csv", "path,label\ngood.png,a\nmissing.png,a\nempty.png,b\n");

        var error = Assert.Throws<DatasetException>(() => CsvManifestDataset.Load(csv, Options(BadFilePolicy.Fail)));

        Assert.Contains($"2 of 3 image files cannot be used; first: '{root.Combine("missing.png")}': file not found (m.csv line 3)", error.Message);
        Assert.Equal(2, error.BadFiles.Count);
    }

    [Fact]
    public void DecodeCheck_CatchesTruncatedImagesThatPassTheHeaderCheck()
    {
        using var root = new TempDirectory();
        var png = File.ReadAllBytes(root.Png("good.png"));
        root.Write("cut/truncated.png", png[..(png.Length - 20)]);
        root.Png("cut/fine.png");

        var headerChecked = ImageFolderDataset.Load(root.Path, new ImageFolderOptions { BadFilePolicy = BadFilePolicy.Skip });
        var decodeChecked = ImageFolderDataset.Load(root.Path, new ImageFolderOptions { BadFilePolicy = BadFilePolicy.Skip, ImageCheck = ImageCheck.Decode });

        Assert.Equal(2, headerChecked.Count);
        Assert.Equal([root.Combine("cut/fine.png")], decodeChecked.Items.Select(i => i.ImagePath).ToArray());
        Assert.Equal(root.Combine("cut/truncated.png"), Assert.Single(decodeChecked.Skipped).Path);
    }

    [Fact]
    public void ExistsCheck_OnlyLooksForTheFile()
    {
        using var root = new TempDirectory();
        root.WriteText("a/garbage.png", "garbage");

        var dataset = ImageFolderDataset.Load(root.Path, new ImageFolderOptions { ImageCheck = ImageCheck.Exists });

        Assert.Equal(1, dataset.Count);
    }

    [Fact]
    public void Reader_SkipsOrFailsOnFilesThatBrokeAfterLoading()
    {
        using var root = new TempDirectory();
        var good = new DatasetItem(root.Png("good.png", level: 51), [0]);
        var gone = new DatasetItem(root.Combine("gone.png"), [0]);
        var skipping = new DatasetImageReader(BadFilePolicy.Skip);

        var image = skipping.Read(good);
        var missing = skipping.Read(gone);
        var error = Assert.Throws<DatasetException>(() => new DatasetImageReader(BadFilePolicy.Fail).Read(gone));

        Assert.Equal(0.2f, image!.Rgb[0]);
        Assert.Null(missing);
        Assert.Equal(new SkippedFile(gone.ImagePath, "file not found"), Assert.Single(skipping.Skipped));
        Assert.Equal($"Cannot read image '{gone.ImagePath}': file not found", error.Message);
    }

    private static CsvManifestOptions Options(BadFilePolicy policy) =>
        new() { PathColumn = "path", LabelColumn = "label", BadFilePolicy = policy };
}
