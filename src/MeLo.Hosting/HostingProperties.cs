namespace MeLo.Hosting;

/// <summary>Keys in <see cref="Microsoft.Extensions.Hosting.IHostApplicationBuilder.Properties"/> by which the two halves of hosting see each other.</summary>
static class HostingProperties
{
    /// <summary>Set when the host runs a silo (AddMeLoSilo, MeLo.Hosting.Silo), so that a gateway in the same process uses
    /// it directly instead of connecting as a client. The value is the silo's bound MeLoSiloOptions (demo content reads it).</summary>
    public const string Silo = "MeLo.Silo";
}
