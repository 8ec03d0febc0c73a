using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>
/// A grid with authentication on (the default) and JWTs from a made-up hospital identity provider: groups
/// "radiologist" map to diagnose and "pacs-admin" to admin. Task alpha is uploaded.
/// </summary>
public sealed class AuthGridFixture : IAsyncLifetime
{
    public const string Issuer = "https://idp.hospital.test";
    public const string Audience = "melo-grid";
    static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 37 + 11))];

    internal ServeGrid Grid { get; private set; } = null!;
    internal ReferenceModel Reference { get; } = new();

    public async Task InitializeAsync()
    {
        Grid = await ServeGrid.StartAsync(configuration: new Dictionary<string, string?>
        {
            ["MeLo:Auth:Jwt:Issuer"] = Issuer,
            ["MeLo:Auth:Jwt:Audience"] = Audience,
            ["MeLo:Auth:Jwt:SigningKeys:0"] = Convert.ToBase64String(Key),
            ["MeLo:Auth:Jwt:RoleClaim"] = "groups",
            ["MeLo:Auth:Jwt:RoleMapping:radiologist"] = "diagnose",
            ["MeLo:Auth:Jwt:RoleMapping:pacs-admin"] = "admin",
        });
        await Grid.UploadAsync("alpha", Reference.AddAdapter(TestTask.Alpha));
    }

    /// <summary>A JWT as the provider would issue it; each argument can be made wrong.</summary>
    public static string Jwt(string group, string issuer = Issuer, string audience = Audience, TimeSpan? expiresIn = null, byte[]? key = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "dr-test"), new Claim("groups", group)]),
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task DisposeAsync()
    {
        await Grid.DisposeAsync();
        Reference.Dispose();
    }
}
