using System.Globalization;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeLo.Deployment.Tests;

/// <summary>
/// The pods' drain timing assumes that the ConfigMap's DOTNET_shutdownTimeoutSeconds becomes the host's
/// HostOptions.ShutdownTimeout. This checks it with the same builders `melo silo` and `melo gateway` create.
/// </summary>
public class ShutdownTimeoutTests
{
    const string Variable = "DOTNET_shutdownTimeoutSeconds";

    [Fact]
    public void The_config_map_shutdown_timeout_becomes_the_host_shutdown_timeout_of_silos_and_gateways()
    {
        var seconds = RenderedManifests.Of(Kustomizations.Gpu).All<V1ConfigMap>().Single().Data[Variable];
        var expected = TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture));
        Assert.NotEqual(new HostOptions().ShutdownTimeout, expected);

        Environment.SetEnvironmentVariable(Variable, seconds);
        try
        {
            using var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "melo" }).Build();
            var gatewayBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ApplicationName = "melo" });
            using var gateway = (IHost)gatewayBuilder.Build();

            Assert.Equal(expected, silo.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
            Assert.Equal(expected, gateway.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
