using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A real `melo` process (the CLI next to the tests, run with dotnet), as operators start one, or a `melo-gateway` from
/// its own build output (without torch beside it, as in the gateway image). Keeps everything it writes
/// (stdout and stderr, logs included) for the test to read; killed with its children on dispose. Tests of the
/// cluster's life also kill (SIGKILL) and stop (SIGTERM) it as the kernel or an operator would.
/// </summary>
sealed class MeloProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly string _readyLine;

    MeloProcess(string assembly, IEnumerable<string> arguments, IDictionary<string, string> environment, string readyLine)
    {
        _readyLine = readyLine;
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{Path.GetFileNameWithoutExtension(assembly)} exited with {_process.ExitCode}:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts `melo ARGS` and waits until it prints a line containing <paramref name="readyLine"/>.</summary>
    public static Task<MeloProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string> environment, string readyLine) =>
        StartAsync(Path.Combine(AppContext.BaseDirectory, "melo.dll"), arguments, environment, readyLine);

    /// <summary>The gateway-only executable in its own build output (MeLo.Gateway.Host; the path is set at build time).</summary>
    public static string GatewayHostAssembly { get; } = typeof(MeloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MeLoGatewayHost").Value!;

    /// <summary>Starts `melo-gateway ARGS` from <see cref="GatewayHostAssembly"/> and waits for <paramref name="readyLine"/>.</summary>
    public static Task<MeloProcess> StartGatewayHostAsync(IEnumerable<string> arguments, IDictionary<string, string> environment, string readyLine) =>
        StartAsync(GatewayHostAssembly, arguments, environment, readyLine);

    static async Task<MeloProcess> StartAsync(string assembly, IEnumerable<string> arguments, IDictionary<string, string> environment, string readyLine)
    {
        var process = new MeloProcess(assembly, arguments, environment, readyLine);
        try
        {
            await process._ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public bool HasExited => _process.HasExited;

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

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains(_readyLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
