using MeLo.Model.Vit;
using Microsoft.Extensions.Options;

namespace MeLo.Serving.Engine.Tests;

public class EngineAdmissionTests
{
    [Fact]
    public async Task A_full_queue_refuses_at_once_and_the_accepted_requests_still_complete()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var gated = new GatedRepository(harness.Repository);
        var engine = harness.Engine(o =>
        {
            o.MaxBatchSize = 1;
            o.QueueCapacity = 2;
        }, gated);
        var pixels = TestModels.Image(32, 2);
        var first = engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        var second = engine.InferAsync(new InferenceRequest("beta", pixels, 32));
        await Waiting.UntilAsync(() => engine.Statistics.QueueLength == 2, "both requests are queued");

        var refused = await Assert.ThrowsAsync<EngineOverloadedException>(() => engine.InferAsync(new InferenceRequest("alpha", pixels, 32)));
        Assert.Equal(2, refused.Capacity);

        gated.Open();
        TestModels.AssertClose(harness.Expected("alpha", pixels, 32), (await first).Probabilities);
        TestModels.AssertClose(harness.Expected("beta", pixels, 32), (await second).Probabilities);
        Assert.Equal(0, engine.Statistics.QueueLength);
    }

    public static TheoryData<string, string, float[], int> BadInputs()
    {
        var good = TestModels.Image(32, 0);
        var nan = (float[])good.Clone();
        nan[17] = float.NaN;
        nan[3] = 123.456f;
        var infinite = (float[])good.Clone();
        infinite[^1] = float.PositiveInfinity;
        return new()
        {
            { "pixels", "alpha", good[..^1], 32 },
            { "pixels", "alpha", nan, 32 },
            { "pixels", "alpha", infinite, 32 },
            { "imageSize", "alpha", TestModels.Image(30, 0), 30 },
            { "imageSize", "alpha", [], 0 },
            { "pixels", "alpha", null!, 32 },
            { "taskId", "../alpha", good, 32 },
            { "taskId", "Alpha", good, 32 },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_without_pixel_data_and_the_engine_keeps_serving(string field, string task, float[] pixels, int size)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine();

        var error = await Assert.ThrowsAsync<InvalidInferenceInputException>(() => engine.InferAsync(new InferenceRequest(task, pixels, size)));
        Assert.Equal(field, error.Field);
        Assert.DoesNotContain("123.4", error.Message);
        Assert.DoesNotContain("NaN,", error.Message);

        var good = TestModels.Image(32, 1);
        TestModels.AssertClose(harness.Expected("alpha", good, 32), (await engine.InferAsync(new InferenceRequest("alpha", good, 32))).Probabilities);
        Assert.Equal(0, engine.Statistics.QueueLength);
    }

    [Fact]
    public async Task Unknown_tasks_and_versions_are_reported_as_not_found()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine();
        var pixels = TestModels.Image(32, 1);

        var task = await Assert.ThrowsAsync<TaskNotFoundException>(() => engine.InferAsync(new InferenceRequest("nosuch", pixels, 32)));
        Assert.Equal("nosuch", task.TaskId);
        Assert.Null(task.Version);
        var version = await Assert.ThrowsAsync<TaskNotFoundException>(() => engine.InferAsync(new InferenceRequest("alpha", pixels, 32, "v7")));
        Assert.Equal("v7", version.Version);
        await Assert.ThrowsAsync<TaskNotFoundException>(() => engine.ResolveAsync("nosuch"));

        var (key, preprocessing) = await engine.ResolveAsync("alpha");
        Assert.Equal(new AdapterKey("alpha", "v1"), key);
        Assert.Equal(DemoBackbone.Config.ImageSize, preprocessing.ImageSize);
        Assert.Equal(DemoBackbone.Config.Mean, preprocessing.Mean);
    }

    [Fact]
    public async Task A_cancelled_request_is_dropped_before_compute_and_the_others_complete()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var gated = new GatedRepository(harness.Repository);
        var engine = harness.Engine(configure: null, gated);
        var pixels = TestModels.Image(32, 6);
        using var cancellation = new CancellationTokenSource();
        var cancelled = engine.InferAsync(new InferenceRequest("alpha", pixels, 32), cancellation.Token);
        var kept = engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        await Waiting.UntilAsync(() => engine.Statistics.QueueLength == 2, "both requests are queued");

        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Waiting.UntilAsync(() => engine.Statistics.QueueLength == 1, "the cancelled request left the queue");

        gated.Open();
        TestModels.AssertClose(harness.Expected("alpha", pixels, 32), (await kept).Probabilities);
        Assert.Equal(1, engine.Statistics.Items);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.InferAsync(new InferenceRequest("alpha", pixels, 32), cancellation.Token));
        Assert.Equal(0, engine.Statistics.QueueLength);
    }

    [Fact]
    public async Task Disposing_answers_queued_requests_and_refuses_new_ones()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var gated = new GatedRepository(harness.Repository);
        var engine = harness.Engine(configure: null, gated);
        var pixels = TestModels.Image(32, 6);
        var queued = engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        await Waiting.UntilAsync(() => engine.Statistics.QueueLength == 1, "the request is queued");

        await engine.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.InferAsync(new InferenceRequest("alpha", pixels, 32)));
        await engine.DisposeAsync(); // twice is fine
    }

    [Theory]
    [InlineData(SchedulingPolicy.Grouped, GroupedSwitchMode.Merge)]
    [InlineData(SchedulingPolicy.Grouped, GroupedSwitchMode.Select)]
    [InlineData(SchedulingPolicy.Mixed, GroupedSwitchMode.Merge)]
    public async Task An_engine_that_leaves_the_backbone_open_hands_it_back_exactly_as_given(SchedulingPolicy policy, GroupedSwitchMode mode)
    {
        await using var harness = await ServingHarness.CreateAsync();
        using var backbone = TestModels.Backbone();
        var pixels = TestModels.Image(32, 2);
        await using (var engine = new InferenceEngine(backbone, harness.Repository,
            Options.Create(new InferenceEngineOptions { Policy = policy, GroupedSwitchMode = mode }), leaveBackboneOpen: true))
        {
            // Several merges and unmerges (each leaves rounding residue), ending with one adapter merged.
            foreach (var task in new[] { "alpha", "beta", "gamma", "alpha", "beta" })
                await engine.InferAsync(new InferenceRequest(task, pixels, 32));
        }

        foreach (var (name, weight) in backbone.state_dict())
            Assert.True(weight.eq(harness.Reference.state_dict()[name]).all().item<bool>(), $"{name} differs from the weights the engine was given");
    }

    [Fact]
    public void Invalid_options_are_refused_with_one_message_per_setting()
    {
        var options = new InferenceEngineOptions
        {
            Device = "gpu", MaxBatchSize = 0, MaxQueueDelay = TimeSpan.FromMinutes(1), AdapterCapacity = 0, AdapterCapacityBytes = 0, MaxRank = 0,
            Policy = (SchedulingPolicy)7,
        };
        var result = new InferenceEngineOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var setting in new[] { "Device", "MaxBatchSize", "MaxQueueDelay", "AdapterCapacity", "AdapterCapacityBytes", "MaxRank", "Policy" })
            Assert.Contains(result.Failures!, f => f.StartsWith(setting + " ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("'gpu'"));

        var small = new InferenceEngineOptionsValidator().Validate(null, new InferenceEngineOptions { QueueCapacity = 4, MaxBatchSize = 8 });
        Assert.Contains("QueueCapacity (4) must be at least MaxBatchSize (8)", small.FailureMessage);

        using var backbone = new VisionTransformer(DemoBackbone.Config);
        var error = Assert.Throws<OptionsValidationException>(() => new InferenceEngine(backbone, new GatedRepository(null!), Options.Create(options)));
        Assert.Contains("MaxBatchSize must be at least 1, not 0.", error.Message);
    }

    [Fact]
    public async Task Asking_for_a_cuda_device_that_is_not_there_fails_at_construction()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var error = Assert.Throws<InvalidOperationException>(() => harness.Engine(o => o.Device = "cuda:99"));
        Assert.Contains("cuda:99", error.Message);
    }
}
