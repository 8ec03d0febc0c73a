namespace MeLo.Data;

/// <summary>One labelled image.</summary>
/// <param name="ImagePath">Full path of the image file.</param>
/// <param name="Labels">Indices into the dataset's label names, ascending: exactly one for single-label tasks, zero or more for multi-label.</param>
/// <param name="GroupId">Patient (or other) id; a group-aware split keeps all images of one group together.</param>
/// <param name="Partition">The split named by the manifest's split column, if it has one.</param>
public sealed record DatasetItem(string ImagePath, IReadOnlyList<int> Labels, string? GroupId = null, DatasetPartition? Partition = null)
{
    /// <summary>The class index of a single-label item.</summary>
    public int Label => Labels.Count == 1
        ? Labels[0]
        : throw new InvalidOperationException($"'{ImagePath}' has {Labels.Count} labels; use ToMultiHot for multi-label items.");

    /// <summary>1 at each positive label, 0 elsewhere: the target of a multi-label (sigmoid) head.</summary>
    public float[] ToMultiHot(int labelCount)
    {
        var multiHot = new float[labelCount];
        foreach (int label in Labels)
        {
            multiHot[label] = 1;
        }

        return multiHot;
    }
}
