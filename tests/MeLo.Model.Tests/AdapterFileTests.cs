using MeLo.Model.Adapters;
using MeLo.Model.Lora;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

public class AdapterFileTests : IDisposable
{
    readonly TempDirectory _dir = new("melo-adapter-");

    public void Dispose() => _dir.Dispose();

    static AdapterManifest Manifest(int classes) => new()
    {
        TaskId = "tb", DisplayName = "Tuberculosis", Labels = Enumerable.Range(0, classes).Select(i => $"c{i}").ToArray(),
        Metrics = new Dictionary<string, double> { ["auc"] = 0.97 },
    };

    [Theory]
    [InlineData(AdapterDType.F32, 0.0)]
    [InlineData(AdapterDType.F16, 2e-3)]
    public void Round_trip_keeps_weights_and_manifest(AdapterDType dtype, double tolerance)
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 1);
        var settings = new LoraSettings { Rank = 4, Alpha = 8, Targets = [LoraTarget.Query, LoraTarget.Value, LoraTarget.Fc1] };
        using var adapter = TestModels.Adapter(backbone, settings, 3, seed: 2);
        var path = _dir.Combine("a.safetensors");
        AdapterFile.Save(path, adapter, Manifest(3), dtype);

        using var loaded = AdapterFile.Load(path);
        var m = loaded.Manifest;
        Assert.Equal(("tb", "Tuberculosis", 4, 8.0, dtype.ToString()), (m.TaskId, m.DisplayName, m.Rank, m.Alpha, m.DType));
        Assert.Equal(["q", "v", "fc1"], m.Targets);
        Assert.Equal(["c0", "c1", "c2"], m.Labels);
        Assert.Equal(0.97, m.Metrics["auc"]);
        Assert.Equal(backbone.Identity, m.Backbone);
        Assert.Equal(32, m.Preprocessing!.ImageSize);
        Assert.Equal(backbone.Identity, loaded.Adapter.TrainedOn);
        foreach (var target in settings.Targets)
        {
            Assert.True(TestModels.MaxAbsDiff(adapter.A(target), loaded.Adapter.A(target)) <= tolerance);
            Assert.True(TestModels.MaxAbsDiff(adapter.B(target), loaded.Adapter.B(target)) <= tolerance);
        }
        Assert.True(TestModels.MaxAbsDiff(adapter.Head.bias!, loaded.Adapter.Head.bias!) <= tolerance);
        Assert.True(adapter.Head.bias!.abs().max().item<float>() > 0); // the bias is really stored
    }

    [Fact]
    public void ViT_base_2_class_adapter_fits_the_size_budget()
    {
        using var adapter = new LoraAdapter(VitConfig.Named["vit_base_patch16_224"], LoraSettings.MeLoDefault, 2);
        long f32 = AdapterFile.Serialize(adapter, Manifest(2), AdapterDType.F32).LongLength;
        long f16 = AdapterFile.Serialize(adapter, Manifest(2), AdapterDType.F16).LongLength;
        Assert.InRange(f32, 148_994 * 4, 600_000);
        Assert.InRange(f16, 148_994 * 2, 310_000);
    }

    [Fact]
    public void Another_backbone_is_refused_naming_both()
    {
        using var trainedOn = TestModels.Backbone(TestModels.Tiny(), seed: 1);
        using var other = TestModels.Backbone(TestModels.Tiny() with { Name = "other-tiny" }, seed: 2);
        using var sameNameOtherWeights = TestModels.Backbone(TestModels.Tiny(), seed: 3);
        using var adapter = TestModels.Adapter(trainedOn, LoraSettings.MeLoDefault, 2, seed: 4);
        var pixels = randn(1, 3, 32, 32);

        var error = Assert.Throws<BackboneMismatchException>(() => adapter.Forward(other, pixels));
        Assert.Contains(trainedOn.Fingerprint, error.Message);
        Assert.Contains("other-tiny", error.Message);
        Assert.Contains(other.Fingerprint, error.Message);
        Assert.Throws<BackboneMismatchException>(() => adapter.MergeInto(sameNameOtherWeights));
        using var stack = new AdapterStack(sameNameOtherWeights, 1);
        Assert.Throws<BackboneMismatchException>(() => stack.Load(0, adapter));
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "empty", "too short" },
        { "truncated", "truncated" },
        { "garbage-header", "header" },
        { "not-an-adapter", "format" },
        { "missing-tensor", "missing" },
        { "nan", "NaN" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_files_are_refused_with_a_clear_error(string corruption, string expected)
    {
        using var backbone = TestModels.Backbone(TestModels.Tiny(), seed: 1);
        using var adapter = TestModels.Adapter(backbone, LoraSettings.MeLoDefault, 2, seed: 2);
        var good = AdapterFile.Serialize(adapter, Manifest(2));
        var (tensors, metadata) = SafeTensorsFile.Read(good);
        byte[] bad = corruption switch
        {
            "empty" => [],
            "truncated" => good[..(good.Length - 100)],
            "garbage-header" => [.. good[..8], .. "{not json"u8.ToArray(), .. good[17..]],
            "not-an-adapter" => SafeTensorsFile.Serialize(tensors),
            "missing-tensor" => SafeTensorsFile.Serialize(tensors.Where(kv => kv.Key != "lora.v.b").ToDictionary(), metadata),
            "nan" => SafeTensorsFile.Serialize(tensors.ToDictionary(kv => kv.Key, kv => kv.Key == "head.bias" ? full(2, float.NaN) : kv.Value), metadata),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
        var path = Path.Combine(_dir.Path, corruption + ".safetensors");
        File.WriteAllBytes(path, bad);
        var error = Assert.Throws<AdapterFormatException>(() => AdapterFile.Load(path));
        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }
}
