namespace MeLo.Data.Tests;

public sealed class DatasetSplitterTests
{
    [Theory]
    [InlineData("80/20", 80, 20, 0)]
    [InlineData("70/10/20", 70, 10, 20)]
    [InlineData("0.6/0.2/0.2", 60, 20, 20)]
    public void ByRatios_CutsTheRequestedSizes(string ratios, int train, int validation, int test)
    {
        var dataset = Dataset(100, groupOf: null);

        var splits = DatasetSplitter.ByRatios(dataset, SplitRatios.Parse(ratios), seed: 1);

        Assert.Equal((train, validation, test), (splits.Train.Count, splits.Validation.Count, splits.Test.Count));
        Assert.Equal(100, AllPaths(splits).Distinct().Count());
        Assert.Equal(dataset.LabelNames, splits.Test.LabelNames);
    }

    [Fact]
    public void ByRatios_IsDeterministicPerSeedAndKeepsDatasetOrder()
    {
        var dataset = Dataset(50, groupOf: null);
        var ratios = new SplitRatios(0.7, 0.1, 0.2);

        var first = DatasetSplitter.ByRatios(dataset, ratios, seed: 42);
        var again = DatasetSplitter.ByRatios(dataset, ratios, seed: 42);
        var other = DatasetSplitter.ByRatios(dataset, ratios, seed: 43);

        Assert.Equal(AllPaths(first), AllPaths(again));
        Assert.NotEqual(Paths(first.Train), Paths(other.Train));
        Assert.Equal(Paths(first.Train).Order(StringComparer.Ordinal), Paths(first.Train));
    }

    [Fact]
    public void ByRatios_KeepsEachGroupInOneSplit()
    {
        // 40 patients with 1..4 images each.
        var dataset = Dataset(100, groupOf: i => $"patient{(i * 7) % 40}");

        var splits = DatasetSplitter.ByRatios(dataset, SplitRatios.Parse("70/10/20"), seed: 3);
        var ignoringGroups = DatasetSplitter.ByRatios(dataset, SplitRatios.Parse("70/10/20"), seed: 3, groupAware: false);

        var groupsPerSplit = new[] { splits.Train, splits.Validation, splits.Test }.Select(s => s.Items.Select(i => i.GroupId).ToHashSet()).ToArray();
        Assert.Empty(groupsPerSplit[0].Intersect(groupsPerSplit[1]));
        Assert.Empty(groupsPerSplit[0].Intersect(groupsPerSplit[2]));
        Assert.Empty(groupsPerSplit[1].Intersect(groupsPerSplit[2]));
        Assert.Equal(100, splits.Train.Count + splits.Validation.Count + splits.Test.Count);
        Assert.InRange(splits.Train.Count, 64, 76);
        Assert.InRange(splits.Test.Count, 14, 26);
        Assert.Equal(70, ignoringGroups.Train.Count);
    }

    [Fact]
    public void ByColumn_UsesEachItemsPartition()
    {
        var items = new[] { DatasetPartition.Test, DatasetPartition.Train, DatasetPartition.Validation, DatasetPartition.Train }
            .Select((p, i) => new DatasetItem($"/{i}.png", [0], Partition: p)).ToList();
        var dataset = new LabeledDataset(["a"], isMultiLabel: false, items);

        var splits = DatasetSplitter.ByColumn(dataset);

        Assert.Equal(["/1.png", "/3.png"], Paths(splits.Train));
        Assert.Equal(["/2.png"], Paths(splits.Validation));
        Assert.Equal(["/0.png"], Paths(splits.Test));
        Assert.Throws<DatasetException>(() => DatasetSplitter.ByColumn(Dataset(3, groupOf: null)));
    }

    [Theory]
    [InlineData("80")]
    [InlineData("a/b")]
    [InlineData("0/100")]
    [InlineData("80/-20")]
    [InlineData("50/25/15/10")]
    public void SplitRatios_RejectsMalformedText(string text)
    {
        Assert.Throws<FormatException>(() => SplitRatios.Parse(text));
    }

    private static LabeledDataset Dataset(int count, Func<int, string>? groupOf) =>
        new(["a", "b"], isMultiLabel: false, Enumerable.Range(0, count).Select(i => new DatasetItem($"/img{i:D3}.png", [i % 2], groupOf?.Invoke(i))).ToList());

    private static string[] Paths(LabeledDataset dataset) => dataset.Items.Select(i => i.ImagePath).ToArray();

    private static string[] AllPaths(DatasetSplits splits) => [.. Paths(splits.Train), .. Paths(splits.Validation), .. Paths(splits.Test)];
}
