using MeLo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Where `melo serve` and `melo silo` get their demo content (AddMeLoDemoContent, MeLo.Demo): only a silo that serves
/// the pretrained demo backbone from its options, with demo content on, trains demo adapters at first start.
/// </summary>
public sealed class DemoHostingTests
{
    [Theory]
    [InlineData(true, true, false, true)]
    [InlineData(true, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(true, true, true, false)]
    public void Only_a_silo_serving_the_demo_backbone_with_demo_content_on_trains_demo_adapters(bool serveBackbone, bool demoContent, bool weights, bool trains)
    {
        var file = Path.GetTempFileName();
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            var ports = FreePorts.Take(2);
            // Set through the configure delegate, not configuration: AddMeLoDemoContent must see what the silo really bound.
            builder.AddMeLoSilo(s =>
            {
                (s.ServeBackbone, s.DemoContent) = (serveBackbone, demoContent);
                if (weights)
                    (s.Weights, s.Config) = (file, "vit_tiny_patch16_224");
            }, c => (c.SiloPort, c.GatewayPort) = (ports[0], ports[1]));

            builder.AddMeLoDemoContent();

            Assert.Equal(trains, builder.Services.Any(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(DemoContent)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Demo_content_without_a_silo_is_refused()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddMeLoDemoContent());
        Assert.Contains("AddMeLoSilo", error.Message);
    }
}
