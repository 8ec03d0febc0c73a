namespace MeLo.Gateway.Security;

/// <summary>The roles a principal of the gateway holds. <see cref="Admin"/> includes everything <see cref="Diagnose"/> may do.</summary>
public static class MeLoRoles
{
    /// <summary>DiagnosisService, and reading adapters (List, Get).</summary>
    public const string Diagnose = "diagnose";

    /// <summary>Every adapter mutation (Upload, Delete, SetActiveVersion), plus what <see cref="Diagnose"/> may do.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Diagnose, Admin];
}
