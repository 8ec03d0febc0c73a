using MeLo.Model.Adapters;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Grains;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Engine exceptions become the transport-neutral faults the gateway maps to gRPC status codes.</summary>
public class EngineFaultsTests
{
    public static TheoryData<Exception, FaultKind> Cases => new()
    {
        { new TaskNotFoundException("tb"), FaultKind.NotFound },
        { new EngineOverloadedException(8), FaultKind.Overloaded },
        { new BackboneMismatchException("other backbone"), FaultKind.FailedPrecondition },
        { new AdapterNotHostableException(new AdapterKey("t", "v1"), "rank 32 above MaxRank 16"), FaultKind.FailedPrecondition },
        { new AdapterCapacityExceededException(new AdapterKey("t", "v1"), 4, 1024), FaultKind.Overloaded },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void KnownEngineErrorsMapToFaults(Exception error, FaultKind kind)
    {
        var fault = EngineFaults.From(error, CancellationToken.None);
        Assert.NotNull(fault);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(error.Message, fault.Message);
    }

    [Fact]
    public void UnexpectedErrorsAreNotDisguisedAsFaults() =>
        Assert.Null(EngineFaults.From(new NullReferenceException(), CancellationToken.None));
}
