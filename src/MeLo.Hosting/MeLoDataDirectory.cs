using Microsoft.Extensions.Configuration;

namespace MeLo.Hosting;

/// <summary>
/// The grid's data directory: a silo's adapters and demo content, a gateway's keys and audit log. It is set in the silo's
/// section (MeLoSiloOptions.DataDirectory in MeLo.Hosting.Silo), since `melo serve` shares one directory between its
/// silo and its gateway; a gateway without a silo reads the same key.
/// </summary>
public static class MeLoDataDirectory
{
    public const string ConfigurationKey = "MeLo:Silo:DataDirectory";

    public const string Default = ".melo";

    public static string From(IConfiguration configuration) => configuration[ConfigurationKey] ?? Default;
}
