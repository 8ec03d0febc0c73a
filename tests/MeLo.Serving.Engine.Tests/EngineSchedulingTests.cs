namespace MeLo.Serving.Engine.Tests;

public class EngineSchedulingTests
{
    public static TheoryData<SchedulingPolicy, GroupedSwitchMode> Policies => EngineParityTests.Policies;

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Many_concurrent_requests_over_three_tasks_in_random_order_are_each_answered_once_and_correctly(
        SchedulingPolicy policy, GroupedSwitchMode mode)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.Policy = policy;
            o.GroupedSwitchMode = mode;
        });
        var images = Enumerable.Range(0, 4).Select(seed => TestModels.Image(32, seed)).ToArray();
        var expected = ServingHarness.TaskIds.ToDictionary(t => t, t => images.Select(p => harness.Expected(t, p, 32)).ToArray());
        var random = new Random(5);
        var requests = Enumerable.Range(0, 240).Select(_ => (task: ServingHarness.TaskIds[random.Next(3)], image: random.Next(images.Length))).ToList();

        // Submitted from many threads at once, in random task order.
        var results = await Task.WhenAll(requests.Select(r =>
            Task.Run(() => engine.InferAsync(new InferenceRequest(r.task, images[r.image], 32)))));

        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Equal(requests[i].task, results[i].TaskId);
            TestModels.AssertClose(expected[requests[i].task][requests[i].image], results[i].Probabilities);
        }
        var statistics = engine.Statistics;
        Assert.Equal(requests.Count, statistics.Items);
        Assert.Equal(0, statistics.QueueLength);
        Assert.True(statistics.Batches < requests.Count, $"expected batching, got {statistics.Batches} passes for {requests.Count} images");
        Assert.Equal(3, statistics.ColdLoads);
    }

    [Theory]
    [InlineData(SchedulingPolicy.Grouped, GroupedSwitchMode.Merge, 5)]
    [InlineData(SchedulingPolicy.Grouped, GroupedSwitchMode.Select, 5)]
    [InlineData(SchedulingPolicy.Mixed, GroupedSwitchMode.Merge, 0)]
    public async Task Switches_count_changes_of_the_applied_adapter_between_forward_passes(
        SchedulingPolicy policy, GroupedSwitchMode mode, int expectedSwitches)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.Policy = policy;
            o.GroupedSwitchMode = mode;
        });
        var pixels = TestModels.Image(32, 1);
        // One at a time: alpha alpha beta alpha gamma gamma beta alpha -> 5 changes, never for a repeated task.
        foreach (var task in new[] { "alpha", "alpha", "beta", "alpha", "gamma", "gamma", "beta", "alpha" })
        {
            var result = await engine.InferAsync(new InferenceRequest(task, pixels, 32));
            TestModels.AssertClose(harness.Expected(task, pixels, 32), result.Probabilities);
        }
        Assert.Equal(expectedSwitches, engine.Statistics.AdapterSwitches);
    }

    [Fact]
    public async Task Grouped_splits_an_interleaved_batch_into_one_pass_per_adapter()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.Policy = SchedulingPolicy.Grouped;
            o.MaxQueueDelay = TimeSpan.FromMilliseconds(50);
        });
        var pixels = TestModels.Image(32, 3);
        await Task.WhenAll(ServingHarness.TaskIds.Select(t => engine.InferAsync(new InferenceRequest(t, pixels, 32)))); // warm: all resident
        var before = engine.Statistics;

        var tasks = Enumerable.Range(0, 12).Select(i => ServingHarness.TaskIds[i % 3]).ToArray();
        var results = await Task.WhenAll(tasks.Select(t => engine.InferAsync(new InferenceRequest(t, pixels, 32))));

        var after = engine.Statistics;
        Assert.True(after.AdapterSwitches > before.AdapterSwitches, "interleaved tasks must switch adapters");
        Assert.True(after.Batches - before.Batches >= 3, "each adapter needs its own pass");
        Assert.All(results, r => Assert.InRange(r.BatchSize, 1, 4)); // 4 requests per task: a grouped pass holds one task
    }

    [Fact]
    public async Task Requests_of_different_image_sizes_for_one_task_run_in_separate_passes()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o => o.MaxQueueDelay = TimeSpan.FromMilliseconds(50));
        var sizes = new[] { 32, 48, 32, 64, 48, 32 };
        var results = await Task.WhenAll(sizes.Select((s, i) => engine.InferAsync(new InferenceRequest("alpha", TestModels.Image(s, i), s))));

        for (int i = 0; i < sizes.Length; i++)
        {
            TestModels.AssertClose(harness.Expected("alpha", TestModels.Image(sizes[i], i), sizes[i]), results[i].Probabilities);
            Assert.True(results[i].BatchSize <= sizes.Count(s => s == sizes[i]));
        }
        Assert.True(engine.Statistics.Batches >= 3);
    }
}
