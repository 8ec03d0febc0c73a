using Microsoft.Extensions.Options;

namespace MeLo.Gateway.Security;

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && string.IsNullOrWhiteSpace(options.KeysDirectory))
            failures.Add($"{nameof(options.KeysDirectory)} must be set while authentication is enabled.");
        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            if (string.IsNullOrWhiteSpace(jwt.Issuer))
                failures.Add("Jwt:Issuer must be set with Jwt:Audience.");
            if (jwt.JwksFile is null && jwt.SigningKeys.Count == 0)
                failures.Add("Jwt needs signing keys: Jwt:JwksFile or Jwt:SigningKeys.");
            if (jwt.JwksFile is { } jwks && !File.Exists(jwks))
                failures.Add($"Jwt:JwksFile '{jwks}' does not exist.");
            if (string.IsNullOrWhiteSpace(jwt.RoleClaim))
                failures.Add("Jwt:RoleClaim must be set.");
            failures.AddRange(jwt.RoleMapping.Where(m => !MeLoRoles.All.Contains(m.Value))
                .Select(m => $"Jwt:RoleMapping '{m.Key}' maps to '{m.Value}'; MeLo roles are {string.Join(", ", MeLoRoles.All)}."));
        }
        failures.AddRange(options.ClientCertificates.RoleMapping.Where(m => !MeLoRoles.All.Contains(m.Value))
            .Select(m => $"ClientCertificates:RoleMapping '{m.Key}' maps to '{m.Value}'; MeLo roles are {string.Join(", ", MeLoRoles.All)}."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
