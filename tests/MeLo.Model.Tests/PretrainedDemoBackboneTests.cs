using MeLo.Model.Checkpoints;
using MeLo.Model.SafeTensors;
using MeLo.Model.Vit;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

/// <summary>The committed pretrained demo backbone: what it is, and that its SHA-256 guards every load.</summary>
public sealed class PretrainedDemoBackboneTests : IDisposable
{
    readonly TempDirectory _dir = new("melo-pretrained-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_committed_backbone_is_a_small_fp16_timm_file_whose_manifest_says_how_it_was_made()
    {
        var path = PretrainedDemoBackbone.DefaultPath;
        Assert.InRange(new FileInfo(path).Length, 1, 8 * 1024 * 1024);
        var manifest = PretrainedDemoBackbone.ReadManifest(path);
        Assert.Equal(PretrainedDemoBackbone.Config.ToJson(), manifest.Config.ToJson());
        Assert.StartsWith("melo pretrain ", manifest.Command);
        Assert.Contains("SYNTHETIC", manifest.Source);
        Assert.Equal(PretrainedDemoBackbone.Sha256Of(path), manifest.Sha256);

        var (tensors, _) = SafeTensorsFile.Read(path);
        Assert.All(tensors.Values, t => Assert.Equal(ScalarType.Float16, t.dtype));
        Assert.Contains("blocks.3.attn.qkv.weight", tensors.Keys);

        using var backbone = PretrainedDemoBackbone.Load();
        Assert.Equal(PretrainedDemoBackbone.Name, backbone.Config.Name);
        using var random = DemoBackbone.Create();
        Assert.NotEqual(random.Fingerprint, backbone.Fingerprint);
        // Loading twice gives the same weights, so adapters trained on it fit it again.
        using var again = PretrainedDemoBackbone.Load();
        Assert.Equal(backbone.Fingerprint, again.Fingerprint);
    }

    [Fact]
    public void A_corrupted_copy_is_refused_naming_both_digests()
    {
        var copy = CopyCommitted();
        var bytes = File.ReadAllBytes(copy);
        bytes[^3] ^= 0x01; // one bit of one weight
        File.WriteAllBytes(copy, bytes);

        var error = Assert.Throws<CheckpointLoadException>(() => PretrainedDemoBackbone.Load(copy));
        Assert.Contains("corrupt", error.Message);
        Assert.Contains(PretrainedDemoBackbone.Sha256Of(copy), error.Message);
        Assert.Contains(PretrainedDemoBackbone.ReadManifest(PretrainedDemoBackbone.DefaultPath).Sha256, error.Message);
    }

    [Fact]
    public void A_copy_without_its_manifest_is_refused()
    {
        var copy = CopyCommitted();
        File.Delete(PretrainedDemoBackbone.ManifestPath(copy));

        var error = Assert.Throws<CheckpointLoadException>(() => PretrainedDemoBackbone.Load(copy));
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void An_intact_copy_loads()
    {
        using var backbone = PretrainedDemoBackbone.Load(CopyCommitted());
        using var committed = PretrainedDemoBackbone.Load();
        Assert.Equal(committed.Fingerprint, backbone.Fingerprint);
    }

    string CopyCommitted()
    {
        var copy = Path.Combine(_dir.Path, Path.GetFileName(PretrainedDemoBackbone.DefaultPath));
        File.Copy(PretrainedDemoBackbone.DefaultPath, copy, overwrite: true);
        File.Copy(PretrainedDemoBackbone.ManifestPath(PretrainedDemoBackbone.DefaultPath), PretrainedDemoBackbone.ManifestPath(copy), overwrite: true);
        return copy;
    }
}
