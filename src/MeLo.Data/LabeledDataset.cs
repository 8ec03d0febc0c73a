namespace MeLo.Data;

/// <summary>Labelled images plus their label names, and the files that were left out while loading.</summary>
public sealed class LabeledDataset
{
    public LabeledDataset(IReadOnlyList<string> labelNames, bool isMultiLabel, IReadOnlyList<DatasetItem> items, IReadOnlyList<SkippedFile>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentNullException.ThrowIfNull(items);
        if (labelNames.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one label.", nameof(labelNames));
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new ArgumentException("Label names must be unique.", nameof(labelNames));
        }

        foreach (var item in items)
        {
            if (!isMultiLabel && item.Labels.Count != 1)
            {
                throw new ArgumentException($"Single-label item '{item.ImagePath}' has {item.Labels.Count} labels.", nameof(items));
            }

            if (item.Labels.Any(label => (uint)label >= (uint)labelNames.Count))
            {
                throw new ArgumentException($"Item '{item.ImagePath}' has a label index outside 0..{labelNames.Count - 1}.", nameof(items));
            }
        }

        LabelNames = labelNames;
        IsMultiLabel = isMultiLabel;
        Items = items;
        Skipped = skipped ?? [];
    }

    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Items carry any number of labels (sigmoid head) rather than exactly one (softmax head).</summary>
    public bool IsMultiLabel { get; }

    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Files left out under <see cref="BadFilePolicy.Skip"/> while the whole dataset was loaded.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    public int Count => Items.Count;

    /// <summary>The same labels with other items, e.g. one split.</summary>
    public LabeledDataset WithItems(IEnumerable<DatasetItem> items) => new(LabelNames, IsMultiLabel, items.ToList(), Skipped);

    /// <summary>How many items carry each label, in label order.</summary>
    public int[] CountPerLabel()
    {
        var counts = new int[LabelNames.Count];
        foreach (var item in Items)
        {
            foreach (int label in item.Labels)
            {
                counts[label]++;
            }
        }

        return counts;
    }
}
