namespace MeLo.Serving.Abstractions;

/// <summary>Thrown by grains when a whole call fails; carries a <see cref="ServingFault"/> across the cluster.</summary>
[GenerateSerializer, Alias("melo.ServingFaultException")]
public sealed class ServingFaultException : Exception
{
    public ServingFaultException(ServingFault fault) : base(fault.Message) => Fault = fault;

    public ServingFaultException(FaultKind kind, string message, string? field = null)
        : this(new ServingFault { Kind = kind, Message = message, Field = field })
    {
    }

    [Id(0)] public ServingFault Fault { get; private set; }
}
