using MeLo.Serving.Engine.Repository;

namespace MeLo.Serving.Engine.Tests;

/// <summary>Pins are how adapter grains own residency: a pinned adapter stays until its grain lets it go.</summary>
public sealed class EnginePinningTests
{
    [Theory]
    [InlineData(SchedulingPolicy.Mixed)]
    [InlineData(SchedulingPolicy.Grouped)]
    public async Task A_pinned_adapter_is_resident_at_once_and_survives_traffic_that_evicts_everything_else(SchedulingPolicy policy)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o => (o.Policy, o.AdapterCapacity) = (policy, 2));
        await engine.PinAsync("alpha", "v1");
        Assert.Equal([new AdapterKey("alpha", "v1")], engine.ResidentAdapters);
        Assert.Equal(1, engine.Statistics.PinnedAdapters);

        var pixels = TestModels.Image(32, 3);
        foreach (var task in new[] { "beta", "gamma", "beta", "gamma", "alpha" })
        {
            var result = await engine.InferAsync(new InferenceRequest(task, pixels, 32));
            TestModels.AssertClose(harness.Expected(task, pixels, 32), result.Probabilities);
        }
        // beta and gamma share the one unpinned slot, so they evict each other; alpha never goes.
        Assert.Contains(new AdapterKey("alpha", "v1"), engine.ResidentAdapters);
        Assert.Equal(3, engine.Statistics.Evictions);
        Assert.Equal(5, engine.Statistics.ColdLoads);
    }

    [Fact]
    public async Task Unpinning_frees_the_slot_and_a_full_device_refuses_another_pin()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o => o.AdapterCapacity = 2);
        await engine.PinAsync("alpha", "v1");
        await engine.PinAsync("beta", "v1");

        var full = await Assert.ThrowsAsync<AdapterCapacityExceededException>(() => engine.PinAsync("gamma", "v1"));
        Assert.Equal(new AdapterKey("gamma", "v1"), full.Adapter);
        Assert.Equal(2, engine.Statistics.PinnedAdapters);

        await engine.UnpinAsync("alpha", "v1");
        Assert.DoesNotContain(new AdapterKey("alpha", "v1"), engine.ResidentAdapters);
        await engine.PinAsync("gamma", "v1");
        Assert.Equal(["beta@v1", "gamma@v1"], engine.ResidentAdapters.Select(k => k.ToString()).Order());
    }

    [Fact]
    public async Task Pinning_an_unknown_version_or_an_unhostable_adapter_fails_and_holds_nothing()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o => o.MaxRank = 2);
        await Assert.ThrowsAsync<TaskNotFoundException>(() => engine.PinAsync("alpha", "v9"));
        await Assert.ThrowsAsync<AdapterNotHostableException>(() => engine.PinAsync("alpha", "v1")); // rank 4 > MaxRank 2
        Assert.Empty(engine.ResidentAdapters);
        Assert.Equal(0, engine.Statistics.PinnedAdapters);
    }

    [Fact]
    public async Task A_repository_change_keeps_pinned_versions_and_drops_unpinned_ones()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine();
        await engine.PinAsync("alpha", "v1");
        await engine.InferAsync(new InferenceRequest("beta", TestModels.Image(32, 1), 32));

        await harness.PutAsync("alpha", TestModels.Adapter(harness.Reference, 2, seed: 21), activate: false);
        await harness.PutAsync("beta", TestModels.Adapter(harness.Reference, 3, seed: 22));

        // The device thread applies the change asynchronously.
        await Waiting.UntilAsync(() => !engine.ResidentAdapters.Contains(new AdapterKey("beta", "v1")), "beta@v1 was dropped");
        Assert.Equal([new AdapterKey("alpha", "v1")], engine.ResidentAdapters);
    }

    [Fact]
    public async Task Items_that_name_a_resident_version_need_no_repository_lookup()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var repository = new GatedRepository(harness.Repository);
        repository.Open();
        var engine = harness.Engine(configure: null, repository);
        await engine.PinAsync("alpha", "v1");
        int before = repository.Lookups;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => engine.InferAsync(new InferenceRequest("alpha", TestModels.Image(32, i), 32, "v1"))));

        Assert.Equal(before, repository.Lookups);
    }
}
