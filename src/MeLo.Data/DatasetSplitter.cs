namespace MeLo.Data;

/// <summary>Splits a dataset by its manifest's split column, or randomly by ratios with a seed.</summary>
public static class DatasetSplitter
{
    /// <summary>Uses each item's <see cref="DatasetItem.Partition"/> (from <see cref="CsvManifestOptions.SplitColumn"/>).</summary>
    /// <exception cref="DatasetException">Some items have no partition.</exception>
    public static DatasetSplits ByColumn(LabeledDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var missing = dataset.Items.Where(item => item.Partition is null).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException($"{missing.Count} items have no split value (first: '{missing[0].ImagePath}'); load the manifest with a split column.");
        }

        return new DatasetSplits(
            dataset.WithItems(dataset.Items.Where(item => item.Partition == DatasetPartition.Train)),
            dataset.WithItems(dataset.Items.Where(item => item.Partition == DatasetPartition.Validation)),
            dataset.WithItems(dataset.Items.Where(item => item.Partition == DatasetPartition.Test)));
    }

    /// <summary>
    /// Shuffles with <paramref name="seed"/> and cuts by <paramref name="ratios"/> of the image count. When
    /// <paramref name="groupAware"/> is set, items with the same group id (patient) move together, so no patient
    /// is in two splits; part sizes are then as close to the ratios as whole groups allow. Items keep their
    /// dataset order within each part. The same dataset, ratios and seed always give the same split.
    /// </summary>
    public static DatasetSplits ByRatios(LabeledDataset dataset, SplitRatios ratios, int seed, bool groupAware = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(ratios);

        // Units in order of first appearance, so the shuffle depends only on the dataset order and the seed.
        var units = new List<List<int>>();
        var unitOfGroup = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < dataset.Count; i++)
        {
            string? group = groupAware ? dataset.Items[i].GroupId : null;
            if (group is not null && unitOfGroup.TryGetValue(group, out var unit))
            {
                unit.Add(i);
                continue;
            }

            unit = [i];
            units.Add(unit);
            if (group is not null)
            {
                unitOfGroup[group] = unit;
            }
        }

        // Fisher-Yates spelled out: seeded Random.Next is frozen across .NET versions, Random.Shuffle is not promised to be.
        var random = new Random(seed);
        for (int i = units.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (units[i], units[j]) = (units[j], units[i]);
        }

        // A unit goes to the part its midpoint falls in on the cumulative image count.
        double trainEnd = dataset.Count * ratios.Train;
        double validationEnd = dataset.Count * (ratios.Train + ratios.Validation);
        var partition = new DatasetPartition[dataset.Count];
        int placed = 0;
        foreach (var unit in units)
        {
            double midpoint = placed + (unit.Count / 2.0);
            var part = midpoint < trainEnd ? DatasetPartition.Train
                : midpoint < validationEnd ? DatasetPartition.Validation
                : DatasetPartition.Test;
            foreach (int index in unit)
            {
                partition[index] = part;
            }

            placed += unit.Count;
        }

        LabeledDataset Part(DatasetPartition part) => dataset.WithItems(dataset.Items.Where((_, i) => partition[i] == part));
        return new DatasetSplits(Part(DatasetPartition.Train), Part(DatasetPartition.Validation), Part(DatasetPartition.Test));
    }
}
