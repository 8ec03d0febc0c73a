using System.CommandLine;

namespace MeLo.Hosting;

/// <summary>Runs the command line so that expected failures print one clear message and exit non-zero, without a stack trace.</summary>
public static class CliRunner
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await config.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
