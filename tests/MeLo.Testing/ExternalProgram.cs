using System.ComponentModel;
using System.Diagnostics;
using Xunit;

namespace MeLo.Testing;

/// <summary>Runs a program the tests rely on (Debian's python3, dcmtk, …) and fails the test, never skips it, when it is
/// missing, fails or hangs.</summary>
public static class ExternalProgram
{
    /// <param name="install">What to install when the program is missing, e.g. "python3-grpcio (apt)".</param>
    /// <param name="environment">Variables set for the program only.</param>
    /// <returns>What the program wrote to standard output.</returns>
    public static string Run(string program, IEnumerable<string> arguments, string install, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is missing: install {install}.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{program} did not finish in time.");
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {stderr.Result}");
            return stdout.Result;
        }
    }
}
