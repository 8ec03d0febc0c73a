using MeLo.Data;

namespace MeLo.Cli.Commands;

/// <summary>
/// One image to send: its id in the output, its task (null: the --task option's) and its file. Built from image files,
/// folders (searched recursively for PNG, JPEG, BMP, WebP and DICOM .dcm files) and CSV files (column <c>path</c>, optional <c>task</c> and
/// <c>id</c>; relative paths are relative to the CSV file).
/// </summary>
public sealed record DiagnosisInput(string Id, string? Task, string Path)
{
    public static IEnumerable<DiagnosisInput> Enumerate(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var root = System.IO.Path.GetFullPath(input);
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                             .Where(f => ImageFolderDataset.ImageExtensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
                             .Order(StringComparer.Ordinal))
                    yield return new DiagnosisInput(System.IO.Path.GetRelativePath(root, file), null, file);
            }
            else if (string.Equals(System.IO.Path.GetExtension(input), ".csv", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var row in FromCsv(input))
                    yield return row;
            }
            else if (File.Exists(input))
                yield return new DiagnosisInput(input, null, input);
            else
                throw new FileNotFoundException($"Input '{input}' is neither a file nor a folder.", input);
        }
    }

    static IEnumerable<DiagnosisInput> FromCsv(string csv)
    {
        var table = CsvTable.Read(csv);
        int path = table.FindColumn("path"), task = table.FindColumn("task"), id = table.FindColumn("id");
        if (path < 0)
            throw new FormatException($"{csv} has no 'path' column (its columns: {string.Join(", ", table.Header)}).");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(csv))!;
        foreach (var row in table.Records)
        {
            var file = row[path].Trim();
            yield return new DiagnosisInput(
                id >= 0 && row[id].Trim() is { Length: > 0 } given ? given : file,
                task >= 0 && row[task].Trim() is { Length: > 0 } named ? named : null,
                System.IO.Path.Combine(directory, file));
        }
    }
}
