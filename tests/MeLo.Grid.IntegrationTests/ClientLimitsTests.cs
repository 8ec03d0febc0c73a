using Grpc.Core;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Hosting;
using MeLo.Model.Adapters;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// Per-principal rate limits, stream limits per connection and per principal, and per-task upload quotas: each refusal is
/// RESOURCE_EXHAUSTED, other principals and the rest of a stream go on, and a refused upload stores nothing.
/// </summary>
public sealed class ClientLimitsTests(LimitsGridFixture fixture) : IClassFixture<LimitsGridFixture>
{
    const int Burst = LimitsGridFixture.Burst;
    static readonly byte[] Png = TestImages.Png(4);

    [Fact]
    public async Task A_unary_call_beyond_the_principals_bucket_is_resource_exhausted_and_other_principals_go_on()
    {
        using var channel = fixture.Connect(fixture.NewPrincipal());
        var diagnosis = new DiagnosisService.DiagnosisServiceClient(channel);

        var full = await diagnosis.DiagnoseAsync(Request(Burst));
        var error = await Assert.ThrowsAsync<RpcException>(() => diagnosis.DiagnoseAsync(Request(Burst)).ResponseAsync);

        Assert.Equal(Burst, full.Answers.Count);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("MeLo:Limits:ImagesPerSecond", error.Status.Detail);
        using var other = fixture.Connect(fixture.NewPrincipal());
        Assert.Single((await new DiagnosisService.DiagnosisServiceClient(other).DiagnoseAsync(Request(1))).Answers);
    }

    [Fact]
    public async Task A_stream_beyond_the_rate_limit_refuses_items_one_by_one_and_answers_every_item()
    {
        using var channel = fixture.Connect(fixture.NewPrincipal());
        using var call = new DiagnosisService.DiagnosisServiceClient(channel).DiagnoseStream();
        var started = DateTime.UtcNow;

        for (int i = 0; i < 3 * Burst; i++)
            await call.RequestStream.WriteAsync(Items.Image($"item-{i}", "alpha", Png));
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();

        Assert.Equal(3 * Burst, answers.Select(a => a.Id).Distinct().Count());
        Assert.All(answers, a => Assert.True(a.Error is null || a.Error.Code == (int)StatusCode.ResourceExhausted, $"status {a.Error?.Code}"));
        int served = answers.Count(a => a.Error is null);
        // The bucket holds Burst tokens and gains one a second.
        Assert.InRange(served, Burst, Burst + (int)Math.Ceiling((DateTime.UtcNow - started).TotalSeconds) + 1);
    }

    [Fact]
    public async Task Streams_beyond_the_limit_per_connection_are_resource_exhausted_until_one_closes()
    {
        using var channel = fixture.Connect(fixture.NewPrincipal());
        var diagnosis = new DiagnosisService.DiagnosisServiceClient(channel);
        var open = new List<AsyncDuplexStreamingCall<DiagnosisItem, DiagnosisAnswer>>();
        try
        {
            for (int i = 0; i < LimitsGridFixture.StreamsPerConnection; i++)
                open.Add(await OpenStreamAsync(diagnosis));

            var refused = await Assert.ThrowsAsync<RpcException>(() => OpenStreamAsync(diagnosis));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("MaxStreamsPerConnection", refused.Status.Detail);

            await CloseAsync(open[0]);
            open.Add(await OpenStreamAsync(diagnosis));
        }
        finally
        {
            foreach (var call in open)
                call.Dispose();
        }
    }

    [Fact]
    public async Task Streams_beyond_the_limit_per_principal_are_resource_exhausted_over_all_its_connections()
    {
        var token = fixture.NewPrincipal();
        using var first = fixture.Connect(token);
        using var second = fixture.Connect(token);
        var open = new List<AsyncDuplexStreamingCall<DiagnosisItem, DiagnosisAnswer>>();
        try
        {
            for (int i = 0; i < LimitsGridFixture.StreamsPerConnection; i++)
                open.Add(await OpenStreamAsync(new DiagnosisService.DiagnosisServiceClient(first)));
            open.Add(await OpenStreamAsync(new DiagnosisService.DiagnosisServiceClient(second)));

            var refused = await Assert.ThrowsAsync<RpcException>(() => OpenStreamAsync(new DiagnosisService.DiagnosisServiceClient(second)));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("MaxStreamsPerPrincipal", refused.Status.Detail);
        }
        finally
        {
            foreach (var call in open)
                call.Dispose();
        }
    }

    [Fact]
    public async Task A_task_keeps_at_most_its_quota_of_versions()
    {
        const string task = "quota-versions";
        try
        {
            for (int i = 0; i < LimitsGridFixture.VersionsPerTask; i++)
                await fixture.Grid.UploadAsync(task, Adapter(labels: 2, seed: i));

            var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.UploadAsync(task, Adapter(labels: 2, seed: 9)));

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("MaxVersionsPerTask", error.Status.Detail);
            Assert.Equal(["v1", "v2"], await VersionsAsync(task));
            await fixture.Grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task, Version = "v1" });
            Assert.Equal("v3", (await fixture.Grid.UploadAsync(task, Adapter(labels: 2, seed: 9))).Version);
        }
        finally
        {
            await fixture.Grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task });
        }
    }

    [Fact]
    public async Task A_task_keeps_at_most_its_quota_of_bytes_over_all_versions()
    {
        const string task = "quota-bytes";
        var small = Adapter(labels: 2, seed: 1);
        var large = Adapter(labels: 150, seed: 2);
        Assert.True(small.Length < LimitsGridFixture.BytesPerTask && large.Length < LimitsGridFixture.BytesPerTask
            && small.Length + large.Length > LimitsGridFixture.BytesPerTask, $"{small.Length} and {large.Length} bytes");
        try
        {
            await fixture.Grid.UploadAsync(task, small);

            var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Grid.UploadAsync(task, large));

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("MaxBytesPerTask", error.Status.Detail);
            Assert.Equal(["v1"], await VersionsAsync(task));
        }
        finally
        {
            await fixture.Grid.Adapters.DeleteAsync(new DeleteAdapterRequest { Task = task });
        }
    }

    static DiagnoseRequest Request(int items) => new() { Items = { Enumerable.Range(0, items).Select(i => Items.Image($"item-{i}", "alpha", Png)) } };

    /// <summary>A stream the gateway has accepted: one item sent and answered.</summary>
    static async Task<AsyncDuplexStreamingCall<DiagnosisItem, DiagnosisAnswer>> OpenStreamAsync(DiagnosisService.DiagnosisServiceClient client)
    {
        var call = client.DiagnoseStream();
        try
        {
            await call.RequestStream.WriteAsync(Items.Image("first", "alpha", Png));
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Null(call.ResponseStream.Current.Error);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    static async Task CloseAsync(AsyncDuplexStreamingCall<DiagnosisItem, DiagnosisAnswer> call)
    {
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    byte[] Adapter(int labels, int seed) => RandomAdapter.Create(fixture.Reference.Backbone,
        new AdapterManifest { TaskId = "quota", Labels = [.. Enumerable.Range(0, labels).Select(i => $"label-{i}")] }, seed);

    async Task<string[]> VersionsAsync(string task) =>
        [.. (await fixture.Grid.Adapters.ListAsync(new ListAdaptersRequest())).Adapters.Where(a => a.Task == task).Select(a => a.Version).Order()];
}
