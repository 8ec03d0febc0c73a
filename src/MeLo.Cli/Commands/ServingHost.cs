using MeLo.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeLo.Cli.Commands;

/// <summary>Host builders for the serving commands: configuration from appsettings, environment and the command line, quiet logs, telemetry.</summary>
static class ServingHost
{
    public static WebApplicationBuilder CreateWebBuilder(IDictionary<string, string?> commandLine)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ApplicationName = "melo" });
        Configure(builder, commandLine);
        return builder;
    }

    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?> commandLine)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "melo" });
        Configure(builder, commandLine);
        return builder;
    }

    static void Configure(IHostApplicationBuilder builder, IDictionary<string, string?> commandLine)
    {
        builder.Configuration.AddInMemoryCollection(commandLine);
        // Orleans and ASP.NET Core are chatty at Information; MeLo's own messages stay visible.
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("MeLo", LogLevel.Information);
        builder.AddMeLoServiceDefaults();
    }
}
