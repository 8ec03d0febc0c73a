namespace MeLo.Data;

/// <summary>
/// Loads root/&lt;class&gt;/**/&lt;image&gt; like torchvision's ImageFolder: one class per subfolder, classes sorted by
/// ordinal name, images found recursively by extension and listed in ordinal path order. Hidden entries
/// (leading '.') and non-image files are ignored.
/// </summary>
public static class ImageFolderDataset
{
    /// <summary>Extensions of the formats <see cref="MeLo.Imaging.ImageDecoder"/> reads.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".dcm"];

    /// <exception cref="DatasetException">The root is missing, has no class folders, a class folder has no images, or (policy Fail) an image is bad.</exception>
    public static LabeledDataset Load(string root, ImageFolderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= ImageFolderOptions.Default;
        if (!Directory.Exists(root))
        {
            throw new DatasetException($"Image folder '{root}' does not exist.");
        }

        var classDirectories = new DirectoryInfo(root).EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.'))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        if (classDirectories.Count == 0)
        {
            throw new DatasetException($"Image folder '{root}' has no class subfolders; expected root/<class>/<images>.");
        }

        var candidates = new List<(string Path, int Label)>();
        for (int label = 0; label < classDirectories.Count; label++)
        {
            var images = FindImages(classDirectories[label]);
            if (images.Count == 0)
            {
                throw new DatasetException($"Class folder '{classDirectories[label].FullName}' contains no images ({string.Join(", ", ImageExtensions)}).");
            }

            candidates.AddRange(images.Select(path => (path, label)));
        }

        var skipped = new List<SkippedFile>();
        var passed = ImageFileVerifier.Verify(
            candidates.Select(c => (c.Path, (string?)null)).ToList(), options.ImageCheck, options.Decoder, options.BadFilePolicy, skipped);
        var items = candidates.Where((_, i) => passed[i]).Select(c => new DatasetItem(c.Path, [c.Label])).ToList();
        return new LabeledDataset(classDirectories.Select(d => d.Name).ToList(), isMultiLabel: false, items, skipped);
    }

    private static List<string> FindImages(DirectoryInfo classDirectory)
    {
        return classDirectory.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true })
            .Where(f => !Path.GetRelativePath(classDirectory.FullName, f.FullName).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Where(f => ImageExtensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
            .Select(f => f.FullName)
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
    }
}
