using MeLo.Model.IO;

namespace MeLo.Model.Tests;

public sealed class AtomicFileTests : IDisposable
{
    readonly TempDirectory _dir = new("melo-atomic-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_and_replaces_a_file_leaving_no_temporary_file()
    {
        var path = _dir.Combine("latest");
        AtomicFile.WriteAllText(path, "1");
        AtomicFile.WriteAllText(path, "22");
        Assert.Equal("22", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_content_and_removes_its_temporary_file()
    {
        var path = _dir.Combine("adapter.safetensors");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        var failure = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([9, 9]);
            throw new IOException("disk full");
        }));
        Assert.Equal("disk full", failure.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }
}
