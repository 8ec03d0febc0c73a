namespace MeLo.Gateway.Security;

/// <summary>
/// How a client certificate (mTLS, accepted only when the gateway requires client certificates from a CA) becomes a
/// principal; section <c>MeLo:Auth:ClientCertificates</c>. The principal is <c>cert:&lt;subject CN&gt;</c>; its roles come
/// from the subject's OU values.
/// </summary>
public sealed class ClientCertificateAuthOptions
{
    /// <summary>Subject OU → MeLo role (diagnose or admin). Empty: OU values that are MeLo role names are taken as roles.</summary>
    public Dictionary<string, string> RoleMapping { get; set; } = [];
}
