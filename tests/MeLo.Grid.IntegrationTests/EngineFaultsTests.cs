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
    public void Known_engine_errors_map_to_faults(Exception error, FaultKind kind)
    {
        var fault = EngineFaults.From(error, CancellationToken.None);
        Assert.NotNull(fault);
        Assert.Equal(kind, fault.Kind);
        Assert.Equal(error.Message, fault.Message);
    }

    [Fact]
    public void An_engine_shutting_down_is_unavailable_so_the_gateway_retries_elsewhere() =>
        Assert.Equal(FaultKind.Unavailable, EngineFaults.From(new ObjectDisposedException("InferenceEngine"), CancellationToken.None)?.Kind);

    [Fact]
    public void Unexpected_errors_are_not_disguised_as_faults() =>
        Assert.Null(EngineFaults.From(new NullReferenceException(), CancellationToken.None));
}
