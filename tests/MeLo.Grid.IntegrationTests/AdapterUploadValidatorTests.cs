using MeLo.Model.Adapters;
using MeLo.Model.Vit;
using MeLo.Serving.Abstractions;
using MeLo.Serving.Engine;
using MeLo.Serving.Engine.Repository;
using MeLo.Serving.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// The registry's decision against what several silos report (the registry may run on a silo without a backbone, and
/// silos may differ): an adapter fits when some served backbone fits, under the lowest MaxRank of those; with no report
/// there is nothing to check against.
/// </summary>
public sealed class AdapterUploadValidatorTests
{
    static readonly VitConfig Config = DemoBackbone.Config;
    static readonly ServedBackbone Demo = Served("demo-weights", maxRank: 16);
    static readonly AdapterUploadValidator Validator = new(Options.Create(new AdapterUploadOptions()));

    [Fact]
    public void Without_a_report_from_a_serving_silo_an_upload_is_unavailable()
    {
        Assert.Equal(FaultKind.Unavailable, Validator.Check(Manifest("demo-weights", rank: 4), [])?.Kind);
    }

    [Fact]
    public void An_adapter_fits_when_any_served_backbone_fits()
    {
        var other = Served("other-weights", maxRank: 16);

        Assert.Null(Validator.Check(Manifest("demo-weights", rank: 4), [other, Demo]));
        var refused = Validator.Check(Manifest("third-weights", rank: 4), [other, Demo]);
        Assert.Equal(FaultKind.FailedPrecondition, refused?.Kind);
        Assert.Contains("'third-weights'", refused!.Message);
        Assert.Contains("demo-weights", refused.Message);
        Assert.Contains("other-weights", refused.Message);
    }

    [Fact]
    public void The_rank_limit_is_the_lowest_max_rank_among_the_silos_serving_its_backbone()
    {
        var lowRank = Served("demo-weights", maxRank: 4);
        var unrelated = Served("other-weights", maxRank: 2);

        Assert.Null(Validator.Check(Manifest("demo-weights", rank: 4), [Demo, lowRank, unrelated]));
        var refused = Validator.Check(Manifest("demo-weights", rank: 8), [Demo, lowRank, unrelated]);
        Assert.Equal(FaultKind.FailedPrecondition, refused?.Kind);
        Assert.Contains("maximum rank 4", refused!.Message);
    }

    [Fact]
    public void Quotas_count_only_the_tasks_own_versions()
    {
        var validator = new AdapterUploadValidator(Options.Create(new AdapterUploadOptions { MaxVersionsPerTask = 2, MaxBytesPerTask = 10_000 }));
        AdapterDescriptor[] stored = [Stored("a", "v1", 4_000), Stored("a", "v2", 4_000), Stored("b", "v1", 9_000)];

        Assert.Equal(FaultKind.Overloaded, validator.CheckQuota("a", 100, stored)?.Kind);
        Assert.Null(validator.CheckQuota("b", 1_000, stored));
        Assert.Equal(FaultKind.Overloaded, validator.CheckQuota("b", 1_001, stored)?.Kind);
        Assert.Null(validator.CheckQuota("c", 10_000, stored));
    }

    static ServedBackbone Served(string fingerprint, int maxRank) =>
        ServedBackbone.From(new EngineCapabilities(new BackboneIdentity(Config.Name, fingerprint), Config, maxRank));

    static AdapterManifest Manifest(string fingerprint, int rank) => new()
    {
        TaskId = "t", Labels = ["a", "b"], Rank = rank, Alpha = rank, Targets = ["q", "v"], BackboneConfig = Config, BackboneFingerprint = fingerprint,
    };

    static AdapterDescriptor Stored(string task, string version, long bytes) => new(task, version, false, bytes, Manifest("demo-weights", 4));
}
