using MeLo.Imaging;

namespace MeLo.Data;

/// <summary>Checks candidate image files in parallel and applies the bad-file policy in listing order, so results are deterministic.</summary>
internal static class ImageFileVerifier
{
    /// <summary>Returns which candidates passed; adds the others to <paramref name="skipped"/> or throws under <see cref="BadFilePolicy.Fail"/>.</summary>
    /// <param name="files">Each file's path and where it was listed (e.g. "manifest line 12"), or null.</param>
    public static bool[] Verify(IReadOnlyList<(string Path, string? ListedAt)> files, ImageCheck check, ImageDecoder decoder, BadFilePolicy policy, List<SkippedFile> skipped)
    {
        var problems = new string?[files.Count];
        Parallel.For(0, files.Count, i => problems[i] = Problem(files[i].Path, check, decoder));

        var bad = new List<SkippedFile>();
        var passed = new bool[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            if (problems[i] is { } problem)
            {
                bad.Add(new SkippedFile(files[i].Path, files[i].ListedAt is { } at ? $"{problem} ({at})" : problem));
            }
            else
            {
                passed[i] = true;
            }
        }

        if (bad.Count > 0 && policy == BadFilePolicy.Fail)
        {
            throw new DatasetException(
                $"{bad.Count} of {files.Count} image files cannot be used; first: '{bad[0].Path}': {bad[0].Reason}. Fix them or skip bad files.",
                bad);
        }

        skipped.AddRange(bad);
        return passed;
    }

    /// <summary>Why the file cannot be used, or null when it passes the check.</summary>
    public static string? Problem(string path, ImageCheck check, ImageDecoder decoder)
    {
        try
        {
            switch (check)
            {
                case ImageCheck.Exists:
                    return File.Exists(path) ? null : "file not found";
                case ImageCheck.Header:
                    decoder.ReadFileHeader(path);
                    return null;
                case ImageCheck.Decode:
                    decoder.DecodeFile(path);
                    return null;
                default:
                    throw new ArgumentOutOfRangeException(nameof(check), check, null);
            }
        }
        catch (ImageDecodeException e)
        {
            return e.Detail;
        }
    }
}
