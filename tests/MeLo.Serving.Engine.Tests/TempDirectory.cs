namespace MeLo.Serving.Engine.Tests;

sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("melo-engine-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
