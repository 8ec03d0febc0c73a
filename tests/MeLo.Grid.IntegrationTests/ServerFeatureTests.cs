using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using MeLo.Grid.IntegrationTests.Infrastructure;

namespace MeLo.Grid.IntegrationTests;

/// <summary>The standard gRPC services next to melo.v1: health checking and server reflection.</summary>
[Collection(GridCollection.Name)]
public sealed class ServerFeatureTests(GridFixture fixture)
{
    [Fact]
    public async Task Health_is_serving_while_the_cluster_answers()
    {
        var health = new Health.HealthClient(fixture.Grid.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_melo_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Grid.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("melo.v1.DiagnosisService", services);
        Assert.Contains("melo.v1.AdapterService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
