using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;

namespace MeLo.Gateway.Security;

/// <summary>The principal of a client certificate that the gateway's CA issued (see <see cref="ClientCertificateAuthOptions"/>).</summary>
public static class ClientCertificatePrincipal
{
    const string OrganizationalUnitOid = "2.5.4.11";

    public static ClaimsPrincipal Create(X509Certificate2 certificate, ClientCertificateAuthOptions options, string authenticationType)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, $"cert:{certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}") };
        var roles = OrganizationalUnits(certificate)
            .Select(unit => options.RoleMapping.Count == 0 ? unit : options.RoleMapping.GetValueOrDefault(unit))
            .Where(role => role is not null && MeLoRoles.All.Contains(role)).ToHashSet();
        // As with tokens and JWTs, admin implies diagnose.
        if (roles.Contains(MeLoRoles.Admin))
            roles.Add(MeLoRoles.Diagnose);
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role!)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    static IEnumerable<string> OrganizationalUnits(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(name => !name.HasMultipleElements && name.GetSingleElementType().Value == OrganizationalUnitOid)
            .Select(name => name.GetSingleElementValue())
            .OfType<string>();
}
