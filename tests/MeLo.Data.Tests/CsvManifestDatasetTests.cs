namespace MeLo.Data.Tests;

public sealed class CsvManifestDatasetTests
{
    [Fact]
    public void Load_SingleLabelWithQuotedPathsRelativeToTheCsv()
    {
        using var root = new TempDirectory();
        root.Png("img/a, b.png");
        root.Png("img/c.png");
        root.Png("img/d.png");
        string csv = root.WriteText("meta/../labels.csv", "path,label\n\"img/a, b.png\",tb\nimg/c.png,normal\nimg\\d.png,tb\n");

        var dataset = CsvManifestDataset.Load(csv, new CsvManifestOptions { PathColumn = "path", LabelColumn = "label" });

        Assert.Equal(["normal", "tb"], dataset.LabelNames);
        Assert.False(dataset.IsMultiLabel);
        Assert.Equal(
            [(root.Combine("img/a, b.png"), 1), (root.Combine("img/c.png"), 0), (root.Combine("img/d.png"), 1)],
            dataset.Items.Select(i => (i.ImagePath, i.Label)).ToArray());
    }

    [Fact]
    public void Load_NihStyleMultiLabelWithNoFindingAndPatients()
    {
        using var root = new TempDirectory();
        foreach (string name in new[] { "00000001_000.png", "00000001_001.png", "00000002_000.png" })
        {
            root.Png($"images_001/images/{name}");
        }

        // The real header ends with a comma and splits a bracketed column name; rows are one field shorter.
        string csv = root.WriteText(
            NihChestXray14.ManifestFileName,
            "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,OriginalImage[Width,Height],\n"
            + "00000001_000.png,Cardiomegaly|Effusion,0,1,58,2682,2749\n"
            + "00000001_001.png,No Finding,1,1,58,2894,2729\n"
            + "00000002_000.png,Hernia|Cardiomegaly|Hernia,0,2,81,2500,2048\n");

        var dataset = CsvManifestDataset.Load(csv, NihChestXray14.ManifestOptions());

        Assert.True(dataset.IsMultiLabel);
        Assert.Equal(NihChestXray14.LabelNames, dataset.LabelNames);
        Assert.Equal(root.Combine("images_001/images/00000001_000.png"), dataset.Items[0].ImagePath);
        Assert.Equal([1, 2], dataset.Items[0].Labels);
        Assert.Empty(dataset.Items[1].Labels);
        Assert.Equal([1, 13], dataset.Items[2].Labels);
        Assert.Equal(new string?[] { "1", "1", "2" }, dataset.Items.Select(i => i.GroupId));
        Assert.Equal([0f, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dataset.Items[0].ToMultiHot(14));
        Assert.Equal(new float[14], dataset.Items[1].ToMultiHot(14));
        Assert.Throws<InvalidOperationException>(() => dataset.Items[1].Label);
    }

    [Fact]
    public void Load_MultiLabelWithoutFixedNamesSortsTheLabelsFound()
    {
        using var root = new TempDirectory();
        root.Png("a.png");
        root.Png("b.png");
        string csv = root.WriteText("m.csv", "file;findings\na.png;Mass|Edema\nb.png;none\n");

        var dataset = CsvManifestDataset.Load(csv, new CsvManifestOptions
        {
            PathColumn = "file",
            LabelColumn = "findings",
            MultiLabelSeparator = "|",
            NegativeLabel = "none",
            Delimiter = ';',
        });

        Assert.Equal(["Edema", "Mass"], dataset.LabelNames);
        Assert.Equal([0, 1], dataset.Items[0].Labels);
        Assert.Empty(dataset.Items[1].Labels);
    }

    [Fact]
    public void Load_AppliesTheLabelMappingAndAnImageRoot()
    {
        using var root = new TempDirectory();
        var rows = new[] { ("m1.png", "1"), ("m2.png", "4a"), ("m3.png", "3"), ("m4.png", "5") };
        foreach (var (file, _) in rows)
        {
            root.Png($"AllPNGs/{file}");
        }

        string csv = root.WriteText("meta/INbreast.csv", "File Name,Bi-Rads\n" + string.Concat(rows.Select(r => $"{r.Item1},{r.Item2}\n")));

        var dataset = CsvManifestDataset.Load(csv, new CsvManifestOptions
        {
            PathColumn = "File Name",
            LabelColumn = "Bi-Rads",
            LabelMapping = LabelMapping.Parse("1,2,3=non-malignant;*=malignant"),
            ImageRoot = root.Combine("AllPNGs"),
        });

        Assert.Equal(["malignant", "non-malignant"], dataset.LabelNames);
        Assert.Equal([1, 0, 1, 0], dataset.Items.Select(i => i.Label).ToArray());
        Assert.Equal(root.Combine("AllPNGs/m2.png"), dataset.Items[1].ImagePath);
    }

    [Fact]
    public void Load_ReadsTheSplitColumn()
    {
        using var root = new TempDirectory();
        string csv = root.WriteText("m.csv", "path,label,split\na.png,x,train\nb.png,y,VAL\nc.png,x,Test\nd.png,y,validation\n");
        foreach (string file in new[] { "a.png", "b.png", "c.png", "d.png" })
        {
            root.Png(file);
        }

        var dataset = CsvManifestDataset.Load(csv, new CsvManifestOptions { PathColumn = "path", LabelColumn = "label", SplitColumn = "split" });

        Assert.Equal(
            [DatasetPartition.Train, DatasetPartition.Validation, DatasetPartition.Test, DatasetPartition.Validation],
            dataset.Items.Select(i => i.Partition).ToArray());
    }

    [Theory]
    [InlineData("path,label\na.png,\n", "line 2: the label column 'label' is empty")]
    [InlineData("path,label\n,x\n", "line 2: the path column 'path' is empty")]
    [InlineData("file,label\na.png,x\n", "has no column 'path'; its columns are: 'file', 'label'")]
    [InlineData("path,label,split\na.png,x,holdout\n", "line 2: split value 'holdout' is not train, val or test")]
    [InlineData("path,label\na.png,z\n", "line 2: label 'z' is not one of the 2 label names (x, y)")]
    [InlineData("path,label\n\"a.png,x\n", "quoted field is not closed")]
    public void Load_ReportsManifestErrorsWithTheirLine(string text, string expected)
    {
        using var root = new TempDirectory();
        root.Png("a.png");
        string csv = root.WriteText("m.csv", text);
        var options = new CsvManifestOptions
        {
            PathColumn = "path",
            LabelColumn = "label",
            SplitColumn = text.Contains("split") ? "split" : null,
            LabelNames = text.Contains(",z") ? ["x", "y"] : null,
        };

        var error = Assert.Throws<DatasetException>(() => CsvManifestDataset.Load(csv, options));

        Assert.Contains(expected, error.Message);
        Assert.Contains(csv, error.Message);
    }
}
