namespace MeLo.Data;

/// <summary>Loads a dataset from a CSV manifest: one row per image with a path column, a label column and optional group and split columns.</summary>
public static class CsvManifestDataset
{
    /// <exception cref="DatasetException">The manifest is malformed (message names the line), or (policy Fail) an image is bad.</exception>
    public static LabeledDataset Load(string csvPath, CsvManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        ArgumentNullException.ThrowIfNull(options);
        CsvTable table;
        try
        {
            table = CsvTable.Read(csvPath, options.Delimiter);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot read manifest '{csvPath}': {e.Message}", innerException: e);
        }

        string imageRoot = options.ImageRoot ?? Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var columns = new Columns(
            Require(table, options.PathColumn, csvPath),
            Require(table, options.LabelColumn, csvPath),
            options.GroupColumn is null ? null : Require(table, options.GroupColumn, csvPath),
            options.SplitColumn is null ? null : Require(table, options.SplitColumn, csvPath));
        var paths = new ImagePathResolver(imageRoot, options.FindImagesByFileName);

        var rows = table.Records.Select(record => ReadRow(record, columns, options, paths, csvPath)).ToList();
        var labelNames = options.LabelNames?.ToList()
            ?? rows.SelectMany(r => r.Labels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labelNames.Count == 0)
        {
            throw new DatasetException($"Manifest '{csvPath}' has no labels in column '{options.LabelColumn}'.");
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new DatasetException($"The label names given for '{csvPath}' contain duplicates.");
        }

        // Label errors are manifest errors: report them before the slower image checks.
        var labelIndex = labelNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var labels = rows.Select(row => row.Labels
                .Select(label => labelIndex.TryGetValue(label, out int index)
                    ? index
                    : throw new DatasetException($"Manifest '{csvPath}' line {row.Line}: label '{label}' is not one of the {labelNames.Count} label names ({string.Join(", ", labelNames)})."))
                .Distinct().Order().ToList())
            .ToList();

        var skipped = new List<SkippedFile>();
        var passed = ImageFileVerifier.Verify(
            rows.Select(r => (r.Path, (string?)$"{Path.GetFileName(csvPath)} line {r.Line}")).ToList(),
            options.ImageCheck, options.Decoder, options.BadFilePolicy, skipped);
        var items = rows.Select((row, i) => new DatasetItem(row.Path, labels[i], row.Group, row.Partition)).Where((_, i) => passed[i]).ToList();
        return new LabeledDataset(labelNames, options.IsMultiLabel, items, skipped);
    }

    private static int Require(CsvTable table, string column, string csvPath)
    {
        int index = table.FindColumn(column);
        return index >= 0
            ? index
            : throw new DatasetException($"Manifest '{csvPath}' has no column '{column}'; its columns are: {string.Join(", ", table.Header.Select(h => $"'{h}'"))}.");
    }

    private static Row ReadRow(CsvRecord record, Columns columns, CsvManifestOptions options, ImagePathResolver paths, string csvPath)
    {
        string Where() => $"Manifest '{csvPath}' line {record.LineNumber}";

        string relativePath = record[columns.Path].Trim();
        if (relativePath.Length == 0)
        {
            throw new DatasetException($"{Where()}: the path column '{options.PathColumn}' is empty.");
        }

        string rawLabel = record[columns.Label];
        List<string> labels;
        if (options.MultiLabelSeparator is { } separator)
        {
            labels = rawLabel.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(label => options.LabelMapping?.Map(label) ?? label)
                .Where(label => label != options.NegativeLabel)
                .ToList();
        }
        else
        {
            string label = rawLabel.Trim();
            if (label.Length == 0)
            {
                throw new DatasetException($"{Where()}: the label column '{options.LabelColumn}' is empty.");
            }

            labels = [options.LabelMapping?.Map(label) ?? label];
        }

        string? group = columns.Group is { } g && record[g].Trim() is { Length: > 0 } groupId ? groupId : null;
        DatasetPartition? partition = columns.Split is { } s ? ParsePartition(record[s], Where) : null;
        return new Row(record.LineNumber, paths.Resolve(relativePath), labels, group, partition);
    }

    private static DatasetPartition ParsePartition(string value, Func<string> where) =>
        value.Trim().ToLowerInvariant() switch
        {
            "train" or "training" => DatasetPartition.Train,
            "val" or "valid" or "validation" => DatasetPartition.Validation,
            "test" or "testing" => DatasetPartition.Test,
            _ => throw new DatasetException($"{where()}: split value '{value}' is not train, val or test."),
        };

    private sealed record Columns(int Path, int Label, int? Group, int? Split);

    private sealed record Row(int Line, string Path, List<string> Labels, string? Group, DatasetPartition? Partition);
}
