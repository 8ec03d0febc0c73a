using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace MeLo.Gateway.Security;

/// <summary>
/// Answers a refused gRPC call with a gRPC status rather than a bare HTTP 401/403: UNAUTHENTICATED when credentials are
/// missing or invalid, PERMISSION_DENIED when the principal lacks the role.
/// </summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
            return _default.HandleAsync(next, context, policy, authorizeResult);
        var (code, message) = authorizeResult.Forbidden
            ? (StatusCode.PermissionDenied, "The caller's role does not allow this call.")
            : (StatusCode.Unauthenticated, "Missing or invalid credentials: send 'authorization: Bearer <token>'.");
        // A trailers-only gRPC response: HTTP 200 with the status in the headers.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
        return Task.CompletedTask;
    }
}
