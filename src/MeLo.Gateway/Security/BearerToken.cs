using Microsoft.AspNetCore.Http;

namespace MeLo.Gateway.Security;

/// <summary>The token of an <c>authorization: Bearer &lt;token&gt;</c> header (gRPC metadata is HTTP/2 headers).</summary>
public static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
