using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MeLo.Serving.Abstractions;

namespace MeLo.Gateway;

/// <summary>
/// The one place where failures become gRPC statuses: NOT_FOUND unknown task, INVALID_ARGUMENT (with google.rpc.BadRequest
/// naming the field) bad input, RESOURCE_EXHAUSTED queue full, DEADLINE_EXCEEDED, UNAVAILABLE no silo.
/// </summary>
public static class FaultStatus
{
    public static StatusCode CodeOf(FaultKind kind) => kind switch
    {
        FaultKind.NotFound => StatusCode.NotFound,
        FaultKind.InvalidArgument => StatusCode.InvalidArgument,
        FaultKind.Overloaded => StatusCode.ResourceExhausted,
        FaultKind.Unavailable => StatusCode.Unavailable,
        FaultKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        FaultKind.Cancelled => StatusCode.Cancelled,
        FaultKind.FailedPrecondition => StatusCode.FailedPrecondition,
        _ => StatusCode.Internal,
    };

    /// <summary>The fault for any exception met while serving a call; unexpected ones become a generic INTERNAL.</summary>
    public static ServingFault FromException(Exception exception, ServerCallContext context) => exception switch
    {
        ServingFaultException e => e.Fault,
        // Whatever a call that has ended throws (an aborted request stream throws IOException) is about its end.
        _ when exception is OperationCanceledException || context.CancellationToken.IsCancellationRequested => context.Deadline <= DateTime.UtcNow
            ? Fault(FaultKind.DeadlineExceeded, "The deadline was exceeded.")
            : Fault(FaultKind.Cancelled, "The call was cancelled."),
        // A request stream's message that does not parse (garbage bytes, strings that are not UTF-8) is the client's fault.
        Google.Protobuf.InvalidProtocolBufferException => Fault(FaultKind.InvalidArgument, "The request is not a valid protobuf message of its type."),
        TimeoutException => Fault(FaultKind.DeadlineExceeded, "The cluster did not answer in time."),
        // Placement failures, lost silos, a disconnected cluster client: nothing can serve the request right now.
        OrleansException or ObjectDisposedException => Fault(FaultKind.Unavailable, "No silo is available to serve the request."),
        _ => Fault(FaultKind.Internal, "Internal error."),
    };

    public static Google.Rpc.Status ToStatus(ServingFault fault) => ToStatus(fault.Kind, fault.Message,
        fault is { Kind: FaultKind.InvalidArgument, Field: { } field } ? [new BadRequest.Types.FieldViolation { Field = field, Description = fault.Message }] : []);

    /// <summary>A status with the given field violations as google.rpc.BadRequest details (unary calls report all bad items at once).</summary>
    public static Google.Rpc.Status ToStatus(FaultKind kind, string message, IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var status = new Google.Rpc.Status { Code = (int)CodeOf(kind), Message = message };
        if (violations.Count > 0)
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { violations } }));
        return status;
    }

    public static RpcException ToRpcException(ServingFault fault) => ToStatus(fault).ToRpcException();

    static ServingFault Fault(FaultKind kind, string message) => new() { Kind = kind, Message = message };
}
