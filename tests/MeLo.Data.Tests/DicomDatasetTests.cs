namespace MeLo.Data.Tests;

/// <summary>Training and evaluation data in DICOM (INbreast ships .dcm): image folders and CSV manifests, with the bad-file policy.</summary>
public sealed class DicomDatasetTests
{
    // Debian's python3-pydicom test files; the test fails, never skips, without them.
    const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    [Fact]
    public void Image_folders_list_dcm_files_and_the_reader_renders_them()
    {
        using var root = new TempDirectory();
        var ct = root.Write("benign/ct.dcm", Pydicom("CT_small.dcm"));
        var mr = root.Write("malignant/nested/mr.DCM", Pydicom("MR_small_RLE.dcm"));
        root.Png("malignant/p.png");

        var dataset = ImageFolderDataset.Load(root.Path, new ImageFolderOptions { ImageCheck = ImageCheck.Decode });
        var reader = new DatasetImageReader(BadFilePolicy.Fail);

        Assert.Equal([(ct, 0), (mr, 1), (root.Combine("malignant/p.png"), 1)], dataset.Items.Select(i => (i.ImagePath, i.Label)).ToArray());
        var image = reader.Read(dataset.Items[0])!;
        Assert.Equal((128, 128), (image.Width, image.Height));
        Assert.Equal((64, 64), (reader.Read(dataset.Items[1])!.Width, reader.Read(dataset.Items[1])!.Height));
    }

    [Fact]
    public void Csv_manifests_read_dcm_paths_and_skip_unsupported_or_broken_ones_with_the_reason()
    {
        using var root = new TempDirectory();
        root.Write("img/a.dcm", Pydicom("CT_small.dcm"));
        root.Write("img/b.dcm", Pydicom("JPEG2000.dcm"));
        root.Write("img/c.dcm", Pydicom("MR_truncated.dcm"));
        root.Write("img/d.dcm", Pydicom("MR_small.dcm"));
        string csv = root.WriteText("labels.csv", "path,label\nimg/a.dcm,mass\nimg/b.dcm,mass\nimg/c.dcm,normal\nimg/d.dcm,normal\n");

        var dataset = CsvManifestDataset.Load(csv, new CsvManifestOptions { PathColumn = "path", LabelColumn = "label", BadFilePolicy = BadFilePolicy.Skip });
        var strict = Assert.Throws<DatasetException>(() => CsvManifestDataset.Load(csv, new CsvManifestOptions { PathColumn = "path", LabelColumn = "label" }));

        Assert.Equal([root.Combine("img/a.dcm"), root.Combine("img/d.dcm")], dataset.Items.Select(i => i.ImagePath).ToArray());
        Assert.Equal([root.Combine("img/b.dcm"), root.Combine("img/c.dcm")], dataset.Skipped.Select(s => s.Path).ToArray());
        Assert.Contains("JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91) is not supported", dataset.Skipped[0].Reason);
        Assert.Contains("claims 8192 bytes, but only 8130 remain", dataset.Skipped[1].Reason);
        Assert.Contains("2 of 4 image files cannot be used", strict.Message);
    }

    static byte[] Pydicom(string name)
    {
        var path = Path.Combine(PydicomFiles, name);
        Assert.True(File.Exists(path), $"{path} is missing: install python3-pydicom (apt).");
        return File.ReadAllBytes(path);
    }
}
