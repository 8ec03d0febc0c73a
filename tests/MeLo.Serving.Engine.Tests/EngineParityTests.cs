namespace MeLo.Serving.Engine.Tests;

public class EngineParityTests
{
    public static TheoryData<SchedulingPolicy, GroupedSwitchMode> Policies => new()
    {
        { SchedulingPolicy.Mixed, GroupedSwitchMode.Merge },
        { SchedulingPolicy.Grouped, GroupedSwitchMode.Select },
        { SchedulingPolicy.Grouped, GroupedSwitchMode.Merge },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Results_equal_the_model_cores_own_forward_for_every_task_and_image_size(SchedulingPolicy policy, GroupedSwitchMode mode)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.Policy = policy;
            o.GroupedSwitchMode = mode;
            o.MaxQueueDelay = TimeSpan.FromMilliseconds(20); // so that tasks and sizes really share batches
        });
        // 64 is the backbone's own size; 32 resamples the position embeddings. Both sizes are in flight together.
        var cases = (from task in ServingHarness.TaskIds
                     from size in new[] { 64, 32 }
                     from seed in new[] { 1, 2 }
                     select (task, size, pixels: TestModels.Image(size, seed * 100 + size))).ToList();

        var results = await Task.WhenAll(cases.Select(c => engine.InferAsync(new InferenceRequest(c.task, c.pixels, c.size))));

        for (int i = 0; i < cases.Count; i++)
        {
            var (task, size, pixels) = cases[i];
            var result = results[i];
            Assert.Equal(task, result.TaskId);
            Assert.Equal("v1", result.AdapterVersion);
            TestModels.AssertClose(harness.Expected(task, pixels, size), result.Probabilities);
            var labels = harness.AdapterOf(task).NumClasses;
            Assert.Equal(Enumerable.Range(0, labels).Select(l => $"{task}-label{l}"), result.Labels);
            Assert.InRange(result.BatchSize, 1, 16);
            Assert.True(result.ComputeTime > TimeSpan.Zero);
        }
        Assert.Equal(cases.Count, engine.Statistics.Items);
        Assert.True(results.Any(r => r.BatchSize > 1), "expected some requests to share a forward pass");
    }

    [Fact]
    public async Task Single_label_predicts_the_argmax_and_multi_label_every_label_over_its_threshold()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine();
        var predictedAny = false;
        for (int seed = 0; seed < 6; seed++)
        {
            var pixels = TestModels.Image(32, seed);
            var single = await engine.InferAsync(new InferenceRequest(ServingHarness.Beta, pixels, 32));
            Assert.Equal(1f, single.Probabilities.Sum(), 4);
            Assert.Equal([single.Labels[Array.IndexOf(single.Probabilities, single.Probabilities.Max())]], single.PredictedLabels);

            var multi = await engine.InferAsync(new InferenceRequest(ServingHarness.Gamma, pixels, 32));
            float[] thresholds = [0.3f, 0.4f, 0.5f, 0.6f]; // TestModels.File
            var expected = multi.Labels.Where((_, i) => multi.Probabilities[i] >= thresholds[i]).ToArray();
            Assert.Equal(expected, multi.PredictedLabels);
            predictedAny |= expected.Length > 0;
        }
        Assert.True(predictedAny, "the multi-label task never predicted a label; the threshold check proved nothing");
    }
}
