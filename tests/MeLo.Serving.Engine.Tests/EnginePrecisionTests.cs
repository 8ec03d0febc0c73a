using static TorchSharp.torch;

namespace MeLo.Serving.Engine.Tests;

/// <summary>
/// Half-precision engines against the fp32 reference on the same weights. Tolerance: 0.01 absolute per probability.
/// Measured on the demo backbone: about 1e-3 in bf16 (8-bit mantissa) and 3e-4 in fp16; fp16 runs on this CPU too.
/// </summary>
public class EnginePrecisionTests
{
    const double Tolerance = 0.01;

    public static TheoryData<EngineDType, SchedulingPolicy, GroupedSwitchMode> Cases => new()
    {
        { EngineDType.Bf16, SchedulingPolicy.Mixed, GroupedSwitchMode.Merge },
        { EngineDType.Bf16, SchedulingPolicy.Grouped, GroupedSwitchMode.Select },
        { EngineDType.Bf16, SchedulingPolicy.Grouped, GroupedSwitchMode.Merge },
        { EngineDType.Fp16, SchedulingPolicy.Mixed, GroupedSwitchMode.Merge },
        { EngineDType.Fp16, SchedulingPolicy.Grouped, GroupedSwitchMode.Merge },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Half_precision_engines_match_fp32_within_tolerance_for_every_task(EngineDType dtype, SchedulingPolicy policy, GroupedSwitchMode mode)
    {
        await using var harness = await ServingHarness.CreateAsync();
        var engine = harness.Engine(o =>
        {
            o.DType = dtype;
            o.Policy = policy;
            o.GroupedSwitchMode = mode;
            o.MaxQueueDelay = TimeSpan.FromMilliseconds(20); // tasks share batches
        });
        var cases = (from task in ServingHarness.TaskIds
                     from seed in new[] { 1, 2, 3 }
                     select (task, pixels: TestModels.Image(64, seed))).ToList();

        var results = await Task.WhenAll(cases.Select(c => engine.InferAsync(new InferenceRequest(c.task, c.pixels, 64))));

        double worst = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var expected = harness.Expected(cases[i].task, cases[i].pixels, 64);
            Assert.All(results[i].Probabilities, p => Assert.True(float.IsFinite(p)));
            TestModels.AssertClose(expected, results[i].Probabilities, Tolerance);
            worst = Math.Max(worst, expected.Zip(results[i].Probabilities, (e, a) => Math.Abs(e - a)).Max());
        }
        Assert.True(worst > 0, $"{dtype} gave bit-identical fp32 results: the backbone was not converted");
    }

    [Fact]
    public async Task The_backbone_is_converted_once_and_stays_in_the_engines_precision()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var backbone = TestModels.Backbone();
        var engine = new InferenceEngine(backbone, harness.Repository,
            Microsoft.Extensions.Options.Options.Create(new InferenceEngineOptions { DType = EngineDType.Bf16 }), leaveBackboneOpen: true);
        await engine.InferAsync(new InferenceRequest(ServingHarness.Alpha, TestModels.Image(64, 1), 64));
        await engine.DisposeAsync();
        Assert.All(backbone.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        backbone.Dispose();
    }

    [Fact]
    public async Task An_engine_whose_device_lacks_the_memory_refuses_to_start_naming_both_numbers()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var options = new InferenceEngineOptions { DType = EngineDType.Bf16, DeviceMemoryBytes = 1000 };
        var need = DeviceMemoryEstimate.For(TestModels.Backbone().Config, options);

        var error = Assert.Throws<InsufficientDeviceMemoryException>(() => harness.Engine(o =>
        {
            o.DType = EngineDType.Bf16;
            o.DeviceMemoryBytes = 1000;
        }));

        Assert.Contains("1,000 bytes", error.Message);
        Assert.Contains($"{need.TotalBytes:N0} bytes", error.Message);
        Assert.Contains("bf16", error.Message);
    }

    [Fact]
    public async Task An_engine_starts_when_the_device_offers_exactly_what_it_needs()
    {
        await using var harness = await ServingHarness.CreateAsync();
        var need = DeviceMemoryEstimate.For(TestModels.Backbone().Config, new InferenceEngineOptions());
        var engine = harness.Engine(o => o.DeviceMemoryBytes = need.TotalBytes);
        var result = await engine.InferAsync(new InferenceRequest(ServingHarness.Beta, TestModels.Image(64, 4), 64));
        Assert.Equal(3, result.Probabilities.Length);
    }

    [Fact]
    public void The_estimate_halves_weights_and_activations_in_half_precision_and_grows_with_the_batch()
    {
        var config = MeLo.Model.Vit.VitConfig.Resolve("vit_base_patch16_224");
        var fp32 = DeviceMemoryEstimate.For(config, EngineDType.Fp32, 16, 16, 16);
        var bf16 = DeviceMemoryEstimate.For(config, EngineDType.Bf16, 16, 16, 16);
        Assert.Equal(MeLo.Model.ParameterAccounting.Backbone(config) * 4, fp32.WeightBytes);
        Assert.Equal(fp32.WeightBytes / 2, bf16.WeightBytes);
        Assert.Equal(fp32.AdapterSlotBytes / 2, bf16.AdapterSlotBytes);
        Assert.True(bf16.ActivationBytes < fp32.ActivationBytes);
        Assert.True(DeviceMemoryEstimate.For(config, EngineDType.Fp32, 64, 16, 16).ActivationBytes > 3 * fp32.ActivationBytes);
        // 12 layers x 16 slots x r16 x (768 + 768) x 2 targets x 4 bytes
        Assert.Equal(12L * 16 * 16 * 1536 * 2 * 4, fp32.AdapterSlotBytes);
    }

    [Theory]
    [InlineData("fp32", EngineDType.Fp32)]
    [InlineData("BF16", EngineDType.Bf16)]
    [InlineData("fp16", EngineDType.Fp16)]
    [InlineData("bfloat16", EngineDType.Bf16)]
    public void DType_names_parse_in_any_case(string name, EngineDType expected) => Assert.Equal(expected, EngineDTypes.Parse(name));

    [Fact]
    public void An_unknown_dtype_is_refused_naming_the_allowed_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => EngineDTypes.Parse("int8"));
        Assert.Contains("fp32, bf16, fp16", error.Message);
    }
}
