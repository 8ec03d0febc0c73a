using System.Diagnostics;

using Xunit;

namespace MeLo.Testing;

/// <summary>An external server (e.g. Debian's prometheus) whose chatter is drained and dropped; killed on dispose.</summary>
public sealed class ServerProcess : IDisposable
{
    readonly Process _process;

    public ServerProcess(string path, IEnumerable<string> arguments)
    {
        _process = Process.Start(new ProcessStartInfo(path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    const string RedisServer = "/usr/bin/redis-server";

    /// <summary>Debian's redis-server on a loopback port, without persistence. Fails, never skips, when it is missing.</summary>
    /// <param name="settings">More redis.conf directives (e.g. --requirepass); later ones override earlier ones.</param>
    public static ServerProcess Redis(int port, params string[] settings)
    {
        Assert.True(File.Exists(RedisServer), $"{RedisServer} is missing: install redis-server (apt).");
        return new ServerProcess(RedisServer, ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", .. settings]);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
