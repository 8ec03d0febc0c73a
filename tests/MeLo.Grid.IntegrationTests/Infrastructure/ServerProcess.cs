using System.Diagnostics;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>An external server (e.g. Debian's prometheus) whose chatter is drained and dropped; killed on dispose.</summary>
sealed class ServerProcess : IDisposable
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
