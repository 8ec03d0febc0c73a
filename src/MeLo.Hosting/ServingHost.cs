using MeLo.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeLo.Hosting;

/// <summary>Host builders for the serving commands (`melo serve|silo|gateway`, `melo-gateway`): configuration from appsettings, environment and the command line, quiet logs, telemetry.</summary>
public static class ServingHost
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
        // Draining (a silo finishing its queue, a gateway answering what it read) must end before Kubernetes' grace
        // period (45 s in k8s/) runs out and the pod is killed. The standard shutdownTimeoutSeconds setting
        // (DOTNET_shutdownTimeoutSeconds) overrides this default.
        if (builder.Configuration["shutdownTimeoutSeconds"] is null)
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = DefaultShutdownTimeout);
    }

    static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(25);
}
