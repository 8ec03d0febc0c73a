using k8s.Models;

namespace MeLo.Deployment.Tests;

/// <summary>Who may talk to whom, evaluated from the rendered policies (default deny, then the grid's own paths).</summary>
public class NetworkPolicyTests
{
    /// <summary>Any other pod of the grid's namespace, e.g. a debugging shell someone started.</summary>
    static readonly Workload Stranger = new("Deployment", "stranger", new V1LabelSelector(),
        new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "stranger" } },
            Spec = new V1PodSpec { Containers = [] },
        });

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Only_gateways_reach_silos_only_grid_pods_reach_redis_and_anyone_reaches_the_gateways(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var policies = new NetworkPolicies(render);
        var (gateway, silo, redis) = (render.Workload("melo-gateway"), render.Workload("melo-silo"), render.Workload("melo-redis"));

        Assert.True(policies.AllowsFromOutside(gateway, 5000));
        Assert.True(policies.Allows(gateway, silo, 30000));
        Assert.True(policies.Allows(silo, silo, 11111));
        Assert.True(policies.Allows(gateway, redis, 6379));
        Assert.True(policies.Allows(silo, redis, 6379));

        Assert.False(policies.AllowsFromOutside(silo, 30000));
        Assert.False(policies.AllowsFromOutside(redis, 6379));
        Assert.False(policies.AllowsFromOutside(gateway, 6379));
        Assert.False(policies.Allows(Stranger, silo, 30000));
        Assert.False(policies.Allows(Stranger, silo, 11111));
        Assert.False(policies.Allows(Stranger, redis, 6379));
        Assert.False(policies.Allows(redis, silo, 30000));
        Assert.False(policies.Allows(gateway, silo, 11111));
        Assert.False(policies.Allows(silo, gateway, 5000));
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void A_default_deny_covers_every_pod_in_both_directions(string kustomization)
    {
        var denyAll = RenderedManifests.Of(kustomization).All<V1NetworkPolicy>()
            .Single(p => p.Spec.PodSelector.MatchLabels is null && p.Spec.PodSelector.MatchExpressions is null && p.Spec.Ingress is null && p.Spec.Egress is null);

        Assert.Equal(["Egress", "Ingress"], denyAll.Spec.PolicyTypes.Order());
    }
}
