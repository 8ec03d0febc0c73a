namespace MeLo.Gateway.Security;

/// <summary>Validation of JWTs issued by an identity provider (section <c>MeLo:Auth:Jwt</c>).</summary>
public sealed class JwtAuthOptions
{
    /// <summary>The required <c>iss</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The required <c>aud</c>; JWTs are accepted only when it is set.</summary>
    public string Audience { get; set; } = "";

    /// <summary>A JWKS file (JSON Web Key Set, as the provider publishes it) with the signing keys.</summary>
    public string? JwksFile { get; set; }

    /// <summary>Symmetric signing keys, base64 (HS256 providers).</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim that carries the provider's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Provider role → MeLo role (diagnose or admin). Empty: the claim's values are taken as MeLo roles.</summary>
    public Dictionary<string, string> RoleMapping { get; set; } = [];

    /// <summary>Clock skew allowed on exp/nbf.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Audience.Length > 0;
}
