namespace MeLo.Gateway.Security;

/// <summary>
/// Authorization policies of the gateway, applied by convention: <c>[Authorize(Policy = MeLoPolicies.Diagnose)]</c> on a
/// gRPC service class, <c>[Authorize(Policy = MeLoPolicies.Admin)]</c> on its mutating methods. An endpoint without any
/// authorization metadata gets <see cref="Diagnose"/> as the fallback policy, so a new service is never open by accident;
/// only what is mapped with <c>AllowAnonymous()</c> (health) is.
/// </summary>
public static class MeLoPolicies
{
    public const string Diagnose = "melo.diagnose";

    public const string Admin = "melo.admin";
}
