using System.Security.Cryptography;

namespace MeLo.Hosting;

/// <summary>What is wrong with PEM files that a load refused, as option-validation failures.</summary>
static class PemFiles
{
    /// <param name="load">Loads the files (and disposes what it loaded).</param>
    public static IEnumerable<string> Problems(Action load, params string[] files)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            return missing.Select(f => $"'{f}' does not exist.");
        try
        {
            load();
            return [];
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return [$"Cannot use {string.Join(" and ", files.Select(f => $"'{f}'"))} as PEM: {e.Message}"];
        }
    }
}
