using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

/// <summary>
/// Appends every adapter change to <see cref="AuthOptions.AuditLog"/> as a JSON line and emits it as a log event. The
/// entries name principals, tasks and versions only: never images, item ids or file names.
/// </summary>
public sealed partial class AdapterAuditLog(IOptions<AuthOptions> options, ILogger<AdapterAuditLog> logger)
{
    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    readonly Lock _lock = new();

    public void Record(ClaimsPrincipal? user, string action, string task, string? version, string? sha256 = null)
    {
        var entry = new AdapterAuditEntry(user?.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous",
            DateTimeOffset.UtcNow, action, task, version, sha256);
        var path = options.Value.AuditLog;
        lock (_lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.AppendAllText(path, ToJsonLine(entry) + "\n");
        }
        LogChange(entry.Principal, action, task, version ?? "(all)", sha256 ?? "");
    }

    public static string ToJsonLine(AdapterAuditEntry entry) => JsonSerializer.Serialize(entry, Json);

    /// <summary>The entries of <paramref name="task"/> in <paramref name="path"/>, oldest first.</summary>
    public static IEnumerable<AdapterAuditEntry> Read(string path, string task) => !File.Exists(path) ? []
        : File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<AdapterAuditEntry>(l, Json)!).Where(e => e.Task == task);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Principal} {Action} adapter {Task} {Version} {Sha256}")]
    partial void LogChange(string principal, string action, string task, string version, string sha256);
}
