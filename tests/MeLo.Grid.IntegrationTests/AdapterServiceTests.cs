using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;

namespace MeLo.Grid.IntegrationTests;

/// <summary>AdapterService over the directory store (the default).</summary>
[Collection(GridCollection.Name)]
public sealed class AdapterServiceTests(GridFixture fixture)
{
    static readonly TestTask Delta = new("delta", ["negative", "positive"], false, 21);

    [Fact]
    public async Task Upload_makes_a_task_servable_at_once_versions_switch_and_delete_makes_it_not_found() =>
        await AdapterLifecycle.RunAsync(fixture.Grid, fixture.Reference, Delta);

    [Fact]
    public async Task A_file_that_is_not_an_adapter_is_refused_as_invalid()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.UploadAsync("epsilon", "not a safetensors file at all"u8.ToArray()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var listed = await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest());
        Assert.DoesNotContain(listed.Adapters, a => a.Task == "epsilon");
    }

    [Fact]
    public async Task An_invalid_task_id_is_refused_as_invalid()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Grid.Adapters.GetAsync(new GetAdapterRequest { Task = "../etc" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
