namespace MeLo.Gateway.Security;

/// <summary>Who may call the gateway; bind from configuration section <see cref="SectionName"/>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "MeLo:Auth";

    /// <summary>Off only for development (<c>--insecure-no-auth</c>); every call is then anonymous and allowed, and the
    /// gateway logs a warning at start.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where hashed API tokens (tokens.json) and the first-start tokens (diagnose.token, admin.token) live;
    /// <c>&lt;data&gt;/keys</c> by default.</summary>
    public string KeysDirectory { get; set; } = "";

    /// <summary>Where adapter changes are appended as JSON lines; <c>&lt;data&gt;/audit.log</c> by default.</summary>
    public string AuditLog { get; set; } = "";

    /// <summary>JWTs from the hospital's identity provider; off while <see cref="JwtAuthOptions.Audience"/> is empty.</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>Roles of mTLS client certificates (used when the gateway requires them: MeLo:Tls:ClientCaFile).</summary>
    public ClientCertificateAuthOptions ClientCertificates { get; set; } = new();
}
