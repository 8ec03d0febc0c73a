using System.Globalization;
using k8s.Models;
using MeLo.Deployment.Tests.Keda;

namespace MeLo.Deployment.Tests;

public class ScalingAndSizingTests
{
    /// <summary>ViT-giga (vit_gigantic_patch14_clip_224) in fp32: 1,842,777,344 parameters (`melo inspect`).</summary>
    const decimal VitGigaWeightBytes = 1_842_777_344m * 4;

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silo_memory_holds_a_vit_giga_checkpoint_and_model_while_loading(string kustomization)
    {
        var silo = RenderedManifests.Of(kustomization).Workload("melo-silo").Template.Spec.Containers.Single();

        Assert.Equal("vit_gigantic_patch14_clip_224", silo.Env.Single(e => e.Name == "MeLo__Silo__Config").Value);
        // BackboneLoader reads the whole checkpoint and builds the model before copying: two host copies at the peak.
        Assert.True(silo.Resources.Requests["memory"].ToDecimal() >= 2 * VitGigaWeightBytes + (1L << 30),
            $"silo memory request {silo.Resources.Requests["memory"]} is below two ViT-giga copies plus 1 GiB");
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silos_are_spread_over_nodes(string kustomization)
    {
        var spec = RenderedManifests.Of(kustomization).Workload("melo-silo").Template.Spec;

        Assert.Contains(spec.TopologySpreadConstraints ?? [], c => c is { TopologyKey: "kubernetes.io/hostname", WhenUnsatisfiable: "DoNotSchedule", MaxSkew: 1 });
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Gateways_scale_on_cpu(string kustomization)
    {
        var hpa = RenderedManifests.Of(kustomization).Named<V2HorizontalPodAutoscaler>("melo-gateway");

        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization"), (metric.Type, metric.Resource.Name, metric.Resource.Target.Type));
        Assert.InRange(metric.Resource.Target.AverageUtilization ?? 0, 1, 100);
        Assert.True(hpa.Spec.MinReplicas >= 2 && hpa.Spec.MinReplicas <= hpa.Spec.MaxReplicas);
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silos_scale_with_keda_on_the_engine_queue_depth_from_prometheus(string kustomization)
    {
        var scaled = RenderedManifests.Of(kustomization).Named<KedaScaledObject>("melo-silo");

        // Zero silos would leave no backbone: the grid answers UNAVAILABLE until one has loaded (minutes).
        Assert.True(scaled.Spec.MinReplicaCount >= 1 && scaled.Spec.MinReplicaCount <= scaled.Spec.MaxReplicaCount);
        var trigger = Assert.Single(scaled.Spec.Triggers);
        Assert.Equal("prometheus", trigger.Type);
        Assert.Subset(trigger.Metadata.Keys.ToHashSet(), KedaTrigger.PrometheusRequiredKeys.ToHashSet());
        Assert.Superset(trigger.Metadata.Keys.ToHashSet(), KedaTrigger.PrometheusRequiredKeys.Union(KedaTrigger.PrometheusOptionalKeys).ToHashSet());
        Assert.Contains("melo_engine_queue_depth", trigger.Metadata["query"]);
        Assert.True(decimal.Parse(trigger.Metadata["threshold"], CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith("http", trigger.Metadata["serverAddress"]);
        // Silos load for minutes: scaling down must be slower than scaling up.
        var behavior = scaled.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior;
        Assert.True(behavior?.ScaleDown?.StabilizationWindowSeconds > (behavior?.ScaleUp?.StabilizationWindowSeconds ?? 0));
    }
}
