using System.Globalization;

namespace MeLo.Serving.Engine;

/// <summary>Memory of this machine as the operating system reports it.</summary>
internal static class PhysicalMemory
{
    /// <summary>MemAvailable of /proc/meminfo (memory that can be allocated without swapping); null where there is none.</summary>
    public static long? AvailableBytes()
    {
        const string path = "/proc/meminfo";
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries); // "MemAvailable:  123456 kB"
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        return null;
    }
}
