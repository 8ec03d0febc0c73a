using System.Security.Cryptography;
using MeLo.Imaging;

namespace MeLo.Data.Tests;

/// <summary>Writes the four tasks once (32 px, small counts) and checks them from several angles.</summary>
public sealed class SyntheticTaskWriterTests : IClassFixture<SyntheticTaskWriterTests.Written>
{
    private readonly Written _written;

    public SyntheticTaskWriterTests(Written written) => _written = written;

    [Fact]
    public void Write_ProducesFourLoadableTasksMarkedSynthetic()
    {
        Assert.Equal(["shenzhen-like", "bloodcell-like", "inbreast-like", "nih-like"], _written.Infos.Select(i => i.Name).ToArray());
        foreach (var info in _written.Infos)
        {
            var dataset = CsvManifestDataset.Load(info.ManifestPath, info.ManifestOptions with { ImageCheck = ImageCheck.Decode });
            var first = ImageDecoder.Default.ReadFileHeader(dataset.Items[0].ImagePath);

            Assert.True(info.IsSynthetic);
            Assert.StartsWith(SyntheticTaskWriter.Notice, File.ReadAllText(Path.Combine(info.Directory, "README.txt")));
            Assert.Equal(info.ImageCount, dataset.Count);
            Assert.Equal(info.LabelNames, dataset.LabelNames);
            Assert.Equal(info.IsMultiLabel, dataset.IsMultiLabel);
            Assert.Equal((32, 32, info.IsGrayscale), (first.Width, first.Height, first.IsGrayscale));
        }
    }

    [Fact]
    public void Write_ShapesTasksLikeThePapersDatasets()
    {
        var nih = _written.Load("nih-like");
        var inbreast = _written.Infos.Single(i => i.Name == "inbreast-like");
        var birads = CsvManifestDataset.Load(inbreast.ManifestPath, inbreast.ManifestOptions with
        {
            LabelColumn = "birads",
            LabelNames = null,
            LabelMapping = LabelMapping.Parse("1,2,3=benign;*=malignant"),
        });

        Assert.Equal(["normal", "tb"], _written.Load("shenzhen-like").LabelNames);
        Assert.Equal(["eosinophil", "lymphocyte", "monocyte", "neutrophil"], _written.Load("bloodcell-like").LabelNames);
        Assert.Equal(NihChestXray14.LabelNames, nih.LabelNames);
        Assert.Equal(400, nih.Count);
        Assert.Contains(nih.Items, i => i.Labels.Count == 0);
        Assert.Contains(nih.Items, i => i.Labels.Count >= 2);
        Assert.All(nih.CountPerLabel(), count => Assert.InRange(count, 5, 100));
        Assert.True(nih.Items.Select(i => i.GroupId).Distinct().Count() < nih.Count / 2 + 50, "patients should have several images");
        Assert.Equal(_written.Load("inbreast-like").Items.Select(i => i.Label), birads.Items.Select(i => i.Label));
    }

    [Fact]
    public void Write_IsByteIdenticalForTheSameSeed()
    {
        using var again = new TempDirectory();
        using var otherSeed = new TempDirectory();
        var options = Written.Options with { Tasks = SyntheticTask.BloodCellLike | SyntheticTask.NihLike };

        SyntheticTaskWriter.Write(again.Path, options);
        SyntheticTaskWriter.Write(otherSeed.Path, options with { Seed = Written.Options.Seed + 1 });

        foreach (string task in new[] { "bloodcell-like", "nih-like" })
        {
            var expected = Hashes(Path.Combine(_written.Root.Path, task));
            Assert.Equal(expected, Hashes(Path.Combine(again.Path, task)));
            Assert.NotEqual(expected, Hashes(Path.Combine(otherSeed.Path, task)));
        }
    }

    [Fact]
    public void SingleLabelClasses_AreSeparableByNearestCentroid()
    {
        // Chest and blood-cell patterns sit at fixed places, so class mean images already separate them.
        double shenzhen = NearestCentroidAccuracy(_written.Load("shenzhen-like"));
        double bloodCell = NearestCentroidAccuracy(_written.Load("bloodcell-like"));

        Assert.True(shenzhen >= 0.75 && bloodCell >= 0.9, $"shenzhen-like {shenzhen:F3}, bloodcell-like {bloodCell:F3}");
    }

    [Fact]
    public void MalignantMammograms_HaveMoreBrightMassPixels()
    {
        // Masses sit anywhere, so use a position-free measure: how many pixels are as bright as a malignant core.
        var dataset = _written.Load("inbreast-like");
        var scores = dataset.Items.Select(item => (double)Decode(item).Where((v, i) => i % 3 == 0 && v > 0.75f).Count()).ToList();

        double auc = Auc(scores, dataset.Items.Select(i => i.Label == 1).ToList());

        Assert.True(auc >= 0.9, $"AUC {auc:F3}");
    }

    [Fact]
    public void EachNihFinding_LeavesALearnableSignal()
    {
        // Project each image on the difference of the positive and negative mean images of a training half.
        var dataset = _written.Load("nih-like");
        var pixels = dataset.Items.Select(Thumbnail).ToList();
        var train = Enumerable.Range(0, pixels.Count).Where(i => i % 2 == 0).ToList();
        var test = Enumerable.Range(0, pixels.Count).Where(i => i % 2 == 1).ToList();
        var aucs = new Dictionary<string, double>();
        for (int label = 0; label < dataset.LabelNames.Count; label++)
        {
            var positive = dataset.Items.Select(i => i.Labels.Contains(label)).ToList();
            var direction = Subtract(Mean(train.Where(i => positive[i]).Select(i => pixels[i])), Mean(train.Where(i => !positive[i]).Select(i => pixels[i])));
            aucs[dataset.LabelNames[label]] = Auc(test.Select(i => Dot(pixels[i], direction)).ToList(), test.Select(i => positive[i]).ToList());
        }

        Assert.True(aucs.Values.All(auc => auc >= 0.7), string.Join(", ", aucs.Select(p => $"{p.Key} {p.Value:F3}")));
    }

    [Fact]
    public void Write_RefusesToWriteIntoAFilledTaskFolderUnlessOverwriting()
    {
        using var root = new TempDirectory();
        var options = Written.Options with { Tasks = SyntheticTask.ShenzhenLike, ImagesPerClass = 2 };
        root.WriteText("shenzhen-like/keep.txt", "user data");

        Assert.Throws<IOException>(() => SyntheticTaskWriter.Write(root.Path, options));
        SyntheticTaskWriter.Write(root.Path, options with { Overwrite = true });

        Assert.False(File.Exists(root.Combine("shenzhen-like/keep.txt")));
        Assert.Equal(4, Directory.GetFiles(root.Combine("shenzhen-like/images"), "*.png", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void ParseTasks_ReadsNamesAndAll()
    {
        Assert.Equal(SyntheticTask.ShenzhenLike | SyntheticTask.NihLike, SyntheticTaskWriter.ParseTasks("nih-like, Shenzhen-Like"));
        Assert.Equal(SyntheticTask.All, SyntheticTaskWriter.ParseTasks("all"));
        Assert.Throws<FormatException>(() => SyntheticTaskWriter.ParseTasks("chexpert-like"));
    }

    private static float[] Decode(DatasetItem item) => ImageDecoder.Default.DecodeFile(item.ImagePath).Rgb.ToArray();

    /// <summary>16x16 thumbnails: averaging pixels cancels most of the noise the tasks add on purpose.</summary>
    private static float[] Thumbnail(DatasetItem item) => ImageResizer.Resize(ImageDecoder.Default.DecodeFile(item.ImagePath), 16, 16).Rgb.ToArray();

    private static double NearestCentroidAccuracy(LabeledDataset dataset)
    {
        var pixels = dataset.Items.Select(Thumbnail).ToList();
        var centroids = Enumerable.Range(0, dataset.LabelNames.Count)
            .Select(label => Mean(Enumerable.Range(0, pixels.Count).Where(i => i % 2 == 0 && dataset.Items[i].Label == label).Select(i => pixels[i])))
            .ToList();
        var test = Enumerable.Range(0, pixels.Count).Where(i => i % 2 == 1).ToList();
        int correct = test.Count(i => Enumerable.Range(0, centroids.Count).MinBy(c => Distance(pixels[i], centroids[c])) == dataset.Items[i].Label);
        return (double)correct / test.Count;
    }

    private static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var pos = scores.Where((_, i) => positive[i]).ToList();
        var neg = scores.Where((_, i) => !positive[i]).ToList();
        return pos.Sum(p => neg.Count(n => n < p) + (0.5 * neg.Count(n => n == p))) / ((double)pos.Count * neg.Count);
    }

    private static float[] Mean(IEnumerable<float[]> vectors)
    {
        var list = vectors.ToList();
        var mean = new float[list[0].Length];
        foreach (var v in list)
        {
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] += v[i] / list.Count;
            }
        }

        return mean;
    }

    private static float[] Subtract(float[] a, float[] b) => a.Zip(b, (x, y) => x - y).ToArray();

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static double Distance(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum();

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>The shared output: all four tasks at 32 px.</summary>
    public sealed class Written : IDisposable
    {
        public static readonly SyntheticTaskOptions Options = new() { ImageSize = 32, ImagesPerClass = 60, MultiLabelImageCount = 400, Seed = 11 };

        public Written()
        {
            Infos = SyntheticTaskWriter.Write(Root.Path, Options);
        }

        internal TempDirectory Root { get; } = new();

        public IReadOnlyList<SyntheticTaskInfo> Infos { get; }

        public LabeledDataset Load(string task)
        {
            var info = Infos.Single(i => i.Name == task);
            return CsvManifestDataset.Load(info.ManifestPath, info.ManifestOptions);
        }

        public void Dispose() => Root.Dispose();
    }
}
