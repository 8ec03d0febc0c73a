using MeLo.Cli;
using MeLo.Hosting;

namespace MeLo.Cli.Tests;

/// <summary>Runs <c>melo</c> in-process and captures its exit code and output.</summary>
sealed record CliResult(int ExitCode, string Output, string Error)
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliRunner.InvokeAsync(MeLoCommandLine.Create(), args, output, error).GetAwaiter().GetResult();
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "parity", name);
}
