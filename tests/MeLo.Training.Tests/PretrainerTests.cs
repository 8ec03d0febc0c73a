using System.Text.Json;
using MeLo.Data;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Training.Tests;

/// <summary><c>melo pretrain</c> on a tiny backbone for a few steps: determinism, exact resume, the files it writes.</summary>
[Collection(SyntheticDataCollection.Name)]
public sealed class PretrainerTests(SyntheticData data)
{
    static readonly VitConfig Tiny = new() { Name = "tiny_pretrain_test", ImageSize = 32, PatchSize = 8, Dim = 32, Depth = 1, Heads = 2, MlpDim = 64 };

    PretrainingOptions Options(string name, int seed = 3) => new()
    {
        Config = Tiny, Epochs = 2, StepsPerEpoch = 2, BatchSize = 4, WarmupSteps = 1, ValidationImages = 8, Seed = seed,
        OutputDirectory = data.NewDirectory(name), Command = "melo pretrain --test",
    };

    [Fact]
    public void Writes_a_headless_fp16_timm_backbone_whose_manifest_sha256_verifies()
    {
        var report = Pretrainer.Run(Options("pretrain-files"));

        Assert.Equal(2, report.Epochs.Count);
        Assert.Equal(16, report.ImagesSeen);
        var (tensors, metadata) = SafeTensorsFile.Read(report.WeightsFile);
        Assert.Equal(PretrainedBackboneManifest.FormatName, metadata["format"]);
        Assert.All(tensors.Values, t => Assert.Equal(ScalarType.Float16, t.dtype));
        Assert.DoesNotContain(tensors.Keys, k => k.StartsWith("head.", StringComparison.Ordinal));
        Assert.Contains("blocks.0.attn.qkv.weight", tensors.Keys);
        Assert.Contains("patch_embed.proj.weight", tensors.Keys);

        var manifest = PretrainedDemoBackbone.ReadManifest(report.WeightsFile);
        Assert.Equal((3, "melo pretrain --test", 0), (manifest.Seed, manifest.Command, manifest.Config.NumClasses));
        Assert.Equal(PretrainingSource.ClassCount, manifest.SourceClasses);
        using var loaded = PretrainedDemoBackbone.Load(report.WeightsFile);
        Assert.Equal(Tiny.Dim, loaded.Config.Dim);
        foreach (var file in new[] { "report.json", "loss.png", "metric.png" })
            Assert.True(new FileInfo(Path.Combine(report.Options.OutputDirectory, file)).Length > 0, file);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report.Options.OutputDirectory, "report.json")));
        Assert.Equal(2, json.RootElement.GetProperty("epochs").GetArrayLength());
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        var first = Pretrainer.Run(Options("pretrain-seed-a"));
        var second = Pretrainer.Run(Options("pretrain-seed-b"));
        var other = Pretrainer.Run(Options("pretrain-seed-c", seed: 4));

        Assert.Equal(first.Manifest.Sha256, second.Manifest.Sha256);
        Assert.NotEqual(first.Manifest.Sha256, other.Manifest.Sha256);
    }

    [Fact]
    public void Resuming_after_an_interruption_gives_the_uninterrupted_weights()
    {
        var uninterrupted = Pretrainer.Run(Options("pretrain-whole"));

        var options = Options("pretrain-resumed");
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Pretrainer.Run(options, new CancelAfterFirstEpoch(cancel), cancel.Token));
        Assert.False(File.Exists(Path.Combine(options.OutputDirectory, Tiny.Name + ".safetensors")));
        var messages = new List<string>();
        var resumed = Pretrainer.Run(options with { Resume = true }, new MessageLog(messages));

        Assert.Equal(1, resumed.ResumedAfterEpoch);
        Assert.Contains(messages, m => m.StartsWith("resuming after epoch 1", StringComparison.Ordinal));
        Assert.Equal(uninterrupted.Manifest.Sha256, resumed.Manifest.Sha256);
        Assert.Equal(uninterrupted.Epochs[^1].Validation.Loss, resumed.Epochs[^1].Validation.Loss);
    }

    [Fact]
    public void Resuming_with_other_options_is_refused_naming_them()
    {
        var options = Options("pretrain-changed");
        Pretrainer.Run(options);

        var error = Assert.Throws<InvalidOperationException>(() => Pretrainer.Run(options with { Resume = true, LearningRate = 5e-4 }));
        Assert.Contains("learningRate", error.Message);
    }

    sealed class CancelAfterFirstEpoch(CancellationTokenSource cancel) : ITrainingProgress
    {
        public void EpochCompleted(EpochRecord record, SelectionMetric selectedBy) => cancel.Cancel();
    }
}
