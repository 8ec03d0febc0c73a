using System.Diagnostics;
using System.Text;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A real `melo` process (the CLI this solution built), for tests that kill and stop processes as an operator or the
/// kernel would: SIGKILL and SIGTERM. Output is kept for failure messages.
/// </summary>
sealed class MeloProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    MeloProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static MeloProcess Start(IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath());
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new MeloProcess(Process.Start(start)!);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                Assert.Fail($"melo did not print '{text}' (exited: {_process.HasExited}). Output:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process dies at once, as on a node failure or an OOM kill.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as Kubernetes sends before a pod goes; returns how long the process took to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
            await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return started.Elapsed;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>The CLI of the same build configuration as this test assembly (scripts/test.sh builds the whole solution).</summary>
    static string CliPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MeLo.Grid.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var cli = Path.Combine(directory.FullName, "src", "MeLo.Cli", "bin", configuration, "net10.0", "melo.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing: build the solution first (dotnet build MeLo.Grid.sln).");
        return cli;
    }
}
