namespace MeLo.Serving.Abstractions;

/// <summary>Why a request failed, independent of transport; the gateway maps each kind to one gRPC status code.</summary>
public enum FaultKind
{
    NotFound,
    InvalidArgument,
    Overloaded,
    Unavailable,
    DeadlineExceeded,
    Cancelled,
    FailedPrecondition,
    Internal,
}
