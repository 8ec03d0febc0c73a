using System.Globalization;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>This process's resident set size from /proc (Linux): now, and the peak since the last reset.</summary>
static class ProcessMemory
{
    public static long ResidentBytes => Read("VmRSS:");

    public static long PeakResidentBytes => Read("VmHWM:");

    /// <summary>Starts a new peak (writing 5 to clear_refs resets VmHWM to the current RSS).</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    static long Read(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
