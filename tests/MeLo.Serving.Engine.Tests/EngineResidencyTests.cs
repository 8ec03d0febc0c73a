using MeLo.Model.Adapters;

namespace MeLo.Serving.Engine.Tests;

public class EngineResidencyTests
{
    [Theory]
    [InlineData(SchedulingPolicy.Mixed)]
    [InlineData(SchedulingPolicy.Grouped)]
    public async Task With_room_for_two_the_least_recently_used_adapter_is_evicted_and_later_reloaded(SchedulingPolicy policy)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.Policy = policy;
            o.AdapterCapacity = 2;
        });
        var pixels = TestModels.Image(32, 9);
        foreach (var task in new[] { "alpha", "beta", "alpha", "gamma", "beta" })
        {
            var result = await engine.InferAsync(new InferenceRequest(task, pixels, 32));
            TestModels.AssertClose(harness.Expected(task, pixels, 32), result.Probabilities);
        }
        // alpha, beta cold; alpha warm; gamma evicts beta (least recently used); beta evicts alpha.
        var statistics = engine.Statistics;
        Assert.Equal(4, statistics.ColdLoads);
        Assert.Equal(2, statistics.Evictions);
        Assert.Equal(["beta@v1", "gamma@v1"], engine.ResidentAdapters.Select(k => k.ToString()));
        Assert.Equal(2, statistics.ResidentAdapters);
    }

    [Fact]
    public async Task The_byte_budget_evicts_too()
    {
        await using var harness = await ServingHarness.CreateAsync();
        long largest = ServingHarness.TaskIds.Max(t => TestModels.DeviceBytes(harness.AdapterOf(t)));
        // MaxRank = the adapters' rank: under Mixed every slot is padded to MaxRank, and that padding is what is budgeted.
        var engine = harness.Engine(o => (o.AdapterCapacityBytes, o.MaxRank) = (largest + largest / 2, 4)); // room for one only
        var pixels = TestModels.Image(32, 4);
        foreach (var task in ServingHarness.TaskIds)
            await engine.InferAsync(new InferenceRequest(task, pixels, 32));

        var statistics = engine.Statistics;
        Assert.Equal(2, statistics.Evictions);
        Assert.Equal(["gamma@v1"], engine.ResidentAdapters.Select(k => k.ToString()));
        Assert.Equal(TestModels.DeviceBytes(harness.AdapterOf("gamma")), statistics.ResidentBytes);
    }

    [Fact]
    public async Task Concurrent_requests_for_more_tasks_than_fit_are_all_answered()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.AdapterCapacity = 2;
            o.MaxQueueDelay = TimeSpan.FromMilliseconds(20);
        });
        var pixels = TestModels.Image(32, 8);
        var tasks = Enumerable.Range(0, 60).Select(i => ServingHarness.TaskIds[i % 3]).ToArray();
        var results = await Task.WhenAll(tasks.Select(t => engine.InferAsync(new InferenceRequest(t, pixels, 32))));
        for (int i = 0; i < tasks.Length; i++)
            TestModels.AssertClose(harness.Expected(tasks[i], pixels, 32), results[i].Probabilities);
        Assert.True(engine.Statistics.ResidentAdapters <= 2);
    }

    [Fact]
    public async Task A_repository_change_drops_the_resident_version_so_the_next_request_reloads()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine();
        var pixels = TestModels.Image(32, 5);
        var v1Expected = harness.Expected("alpha", pixels, 32);
        Assert.Equal("v1", (await engine.InferAsync(new InferenceRequest("alpha", pixels, 32))).AdapterVersion);
        Assert.Contains("alpha@v1", engine.ResidentAdapters.Select(k => k.ToString()));

        // An inactive upload still changes the task: v1 is dropped and reloaded on demand.
        await harness.Repository.PutAsync("alpha", TestModels.File(TestModels.Adapter(harness.Reference, 2, seed: 90), "alpha"), activate: false);
        var again = await engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        Assert.Equal("v1", again.AdapterVersion);
        TestModels.AssertClose(v1Expected, again.Probabilities);
        Assert.Equal(2, engine.Statistics.ColdLoads);

        // Activating a new version: requests without a version get it, and the old one leaves the device.
        await harness.PutAsync("alpha", TestModels.Adapter(harness.Reference, 2, seed: 91), activate: true);
        var v3 = await engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        Assert.Equal("v3", v3.AdapterVersion);
        TestModels.AssertClose(harness.Expected("alpha", pixels, 32), v3.Probabilities);
        Assert.Equal(["alpha@v3"], engine.ResidentAdapters.Select(k => k.ToString()));

        // A pinned version is still served.
        var pinned = await engine.InferAsync(new InferenceRequest("alpha", pixels, 32, Version: "v1"));
        TestModels.AssertClose(v1Expected, pinned.Probabilities);
    }

    [Fact]
    public async Task An_adapter_trained_on_another_backbone_is_refused_for_its_request_only()
    {
        await using var harness = await ServingHarness.CreateAsync();
        using var otherBackbone = TestModels.Backbone(seed: 99);
        await harness.Repository.PutAsync("foreign", TestModels.File(TestModels.Adapter(otherBackbone, 2, seed: 1), "foreign"), activate: true);
        var engine = harness.Engine();
        var pixels = TestModels.Image(32, 1);

        var error = await Assert.ThrowsAsync<BackboneMismatchException>(() => engine.InferAsync(new InferenceRequest("foreign", pixels, 32)));
        Assert.Contains("foreign@v1", error.Message);

        var good = await engine.InferAsync(new InferenceRequest("alpha", pixels, 32));
        TestModels.AssertClose(harness.Expected("alpha", pixels, 32), good.Probabilities);
        Assert.DoesNotContain("foreign@v1", engine.ResidentAdapters.Select(k => k.ToString()));
    }

    [Fact]
    public async Task An_adapter_above_the_maximum_rank_is_refused_clearly()
    {
        await using var harness = await ServingHarness.CreateAsync();
        await harness.PutAsync("wide", TestModels.Adapter(harness.Reference, 2, seed: 3, rank: 8));
        var engine = harness.Engine(o => o.MaxRank = 4);

        var error = await Assert.ThrowsAsync<AdapterNotHostableException>(() => engine.InferAsync(new InferenceRequest("wide", TestModels.Image(32, 1), 32)));
        Assert.Contains("rank 8", error.Message);
        Assert.Contains("MaxRank 4", error.Message);
    }
}
