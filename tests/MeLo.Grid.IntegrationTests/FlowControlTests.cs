using Grpc.Core;
using MeLo.Gateway;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Grid.Protos.V1;
using MeLo.Serving.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace MeLo.Grid.IntegrationTests;

/// <summary>Backpressure, deadlines, cancellation and overload, against an engine that holds requests until told.</summary>
public sealed class FlowControlTests : IAsyncLifetime
{
    const int InFlight = 4;
    readonly GatedEngine _engine = new();
    ServeGrid _grid = null!;

    public async Task InitializeAsync() =>
        _grid = await ServeGrid.StartAsync(
            services => services.AddSingleton<IInferenceEngine>(_engine),
            gateway: (GatewayOptions g) => g.MaxInFlightPerStream = InFlight);

    public async Task DisposeAsync() => await _grid.DisposeAsync();

    [Fact]
    public async Task A_stream_stops_being_read_at_its_in_flight_bound_and_resumes_as_answers_go_out()
    {
        using var call = _grid.Diagnosis.DiagnoseStream();
        var sending = Task.Run(async () =>
        {
            for (int i = 0; i < 20; i++)
                await call.RequestStream.WriteAsync(Item($"item-{i}"));
            await call.RequestStream.CompleteAsync();
        });

        await Eventually.TrueAsync(() => _engine.Started == InFlight, $"{InFlight} items reached the engine");
        await Task.Delay(500);
        Assert.Equal(InFlight, _engine.Started);

        _engine.Open();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();
        await sending;
        Assert.Equal(20, answers.Count);
        Assert.Equal(20, answers.Select(a => a.Id).Distinct().Count());
        Assert.Equal(InFlight, _engine.MaxConcurrent);
    }

    [Fact]
    public async Task A_deadline_ends_the_call_with_deadline_exceeded_and_cancels_the_work_in_the_engine()
    {
        var request = new DiagnoseRequest { Items = { Item("a"), Item("b") } };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _grid.Diagnosis.DiagnoseAsync(request, deadline: DateTime.UtcNow.AddSeconds(1.5)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await Eventually.TrueAsync(() => _engine.Cancelled == 2, "the engine saw both requests cancelled");
    }

    [Fact]
    public async Task Cancelling_a_stream_cancels_its_items_in_the_engine()
    {
        using var cancel = new CancellationTokenSource();
        using var call = _grid.Diagnosis.DiagnoseStream(cancellationToken: cancel.Token);
        for (int i = 0; i < 3; i++)
            await call.RequestStream.WriteAsync(Item($"item-{i}"));
        await Eventually.TrueAsync(() => _engine.Started == 3, "3 items reached the engine");

        await cancel.CancelAsync();

        await Eventually.TrueAsync(() => _engine.Cancelled == 3, "the engine saw the 3 items cancelled");
    }

    [Fact]
    public async Task A_full_engine_queue_is_resource_exhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _grid.Diagnosis.DiagnoseAsync(new DiagnoseRequest { Items = { Item("x", GatedEngine.FullTask) } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);

        using var call = _grid.Diagnosis.DiagnoseStream();
        await call.RequestStream.WriteAsync(Item("y", GatedEngine.FullTask));
        await call.RequestStream.CompleteAsync();
        var answer = Assert.Single(await call.ResponseStream.ReadAllAsync().ToListAsync());
        Assert.Equal((int)StatusCode.ResourceExhausted, answer.Error.Code);
    }

    static DiagnosisItem Item(string id, string task = "alpha") =>
        Items.Tensor(id, task, TestImages.Tensor(id.GetHashCode(), GatedEngine.ImageSize), GatedEngine.ImageSize);
}
