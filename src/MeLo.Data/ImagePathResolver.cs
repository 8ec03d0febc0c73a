namespace MeLo.Data;

/// <summary>
/// Turns manifest paths into full paths under an image root. Optionally falls back to a file-name index of the
/// whole root, built once on the first miss, for releases that spread images over subfolders (NIH).
/// </summary>
internal sealed class ImagePathResolver(string imageRoot, bool findByFileName)
{
    private Dictionary<string, string?>? _byFileName;

    public string Resolve(string manifestPath)
    {
        // Manifests written on Windows use '\'; on Linux that would be part of a file name.
        string relative = Path.DirectorySeparatorChar == '/' ? manifestPath.Replace('\\', '/') : manifestPath;
        string direct = Path.GetFullPath(Path.Combine(imageRoot, relative));
        if (!findByFileName || File.Exists(direct))
        {
            return direct;
        }

        _byFileName ??= IndexFileNames();
        return _byFileName.TryGetValue(Path.GetFileName(relative), out var found) && found is not null ? found : direct;
    }

    private Dictionary<string, string?> IndexFileNames()
    {
        var index = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!Directory.Exists(imageRoot))
        {
            return index;
        }

        foreach (string file in Directory.EnumerateFiles(imageRoot, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);

            // A name found twice is ambiguous; the row then reports its direct path as not found.
            index[name] = index.ContainsKey(name) ? null : file;
        }

        return index;
    }
}
