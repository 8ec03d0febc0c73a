namespace MeLo.Data.Tests;

public sealed class ImageFolderDatasetTests
{
    [Fact]
    public void Load_SortsClassesByNameAndFindsImagesRecursively()
    {
        using var root = new TempDirectory();
        root.Png("tb/b.png");
        root.Png("tb/nested/a.PNG");
        root.Png("normal/x.png");
        root.WriteText("normal/notes.txt", "not an image");
        root.Png(".hidden/y.png");
        root.Png("normal/.thumbs/z.png");

        var dataset = ImageFolderDataset.Load(root.Path);

        Assert.Equal(["normal", "tb"], dataset.LabelNames);
        Assert.False(dataset.IsMultiLabel);
        Assert.Equal(
            [(root.Combine("normal/x.png"), 0), (root.Combine("tb/b.png"), 1), (root.Combine("tb/nested/a.PNG"), 1)],
            dataset.Items.Select(i => (i.ImagePath, i.Label)).ToArray());
        Assert.Equal([1, 2], dataset.CountPerLabel());
        Assert.Empty(dataset.Skipped);
    }

    [Fact]
    public void Load_RejectsMissingRootsAndEmptyClasses()
    {
        using var root = new TempDirectory();

        var noClasses = Assert.Throws<DatasetException>(() => ImageFolderDataset.Load(root.Path));
        Directory.CreateDirectory(root.Combine("empty"));
        root.Png("full/a.png");
        var emptyClass = Assert.Throws<DatasetException>(() => ImageFolderDataset.Load(root.Path));
        var missing = Assert.Throws<DatasetException>(() => ImageFolderDataset.Load(root.Combine("nope")));

        Assert.Contains("no class subfolders", noClasses.Message);
        Assert.Contains("empty", emptyClass.Message);
        Assert.Contains("contains no images", emptyClass.Message);
        Assert.Contains("does not exist", missing.Message);
    }
}
