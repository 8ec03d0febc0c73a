namespace MeLo.Testing;

/// <summary>A scratch folder, deleted with everything in it when the test disposes of it.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "melo-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A new folder inside, named <paramref name="name"/> plus a unique suffix, so tests sharing a fixture never collide.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Combine($"{name}-{Guid.NewGuid():N}")).FullName;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relative"/>, creating its folders.</summary>
    public string Write(string relative, byte[] bytes)
    {
        string full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string WriteText(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
