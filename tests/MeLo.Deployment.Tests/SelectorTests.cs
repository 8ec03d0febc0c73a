using System.Globalization;
using k8s.Models;
using MeLo.Deployment.Tests.Keda;

namespace MeLo.Deployment.Tests;

/// <summary>Every object that points at pods or workloads points at real ones of the same render.</summary>
public class SelectorTests
{
    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_workload_selects_its_own_pod_template(string kustomization)
    {
        foreach (var workload in RenderedManifests.Of(kustomization).Workloads)
        {
            Assert.True(workload.Selector.Matches(workload.PodLabels), $"{workload.Name}: selector misses its pods");
            foreach (var spread in workload.Template.Spec.TopologySpreadConstraints ?? [])
                Assert.True(spread.LabelSelector.Matches(workload.PodLabels), $"{workload.Name}: topology spread counts other pods");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_service_selects_pods_that_expose_its_target_ports(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        foreach (var service in render.All<V1Service>())
        {
            var pods = render.Workloads.Where(w => LabelSelectors.Matches(service.Spec.Selector, w.PodLabels)).ToList();
            Assert.True(service.Spec.Selector is { Count: > 0 } && pods.Count > 0, $"service {service.Metadata.Name} selects no pods");
            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort ?? (IntOrString)port.Port;
                Assert.All(pods, pod => Assert.True(pod.ExposesPort(target), $"service {service.Metadata.Name}: {pod.Name} has no port {target.Value}"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_disruption_budget_selects_exactly_one_workload_with_room_to_evict(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var budgets = render.All<V1PodDisruptionBudget>().ToList();
        foreach (var budget in budgets)
        {
            var workload = Assert.Single(render.PodsSelectedBy(budget.Spec.Selector));
            var replicas = render.MinimumReplicas(workload.Name);
            // A budget that allows no eviction at the minimum replica count blocks every node drain.
            var allowed = budget.Spec.MaxUnavailable is { } max ? int.Parse(max.Value, CultureInfo.InvariantCulture) : replicas - int.Parse(budget.Spec.MinAvailable.Value, CultureInfo.InvariantCulture);
            Assert.True(allowed >= 1, $"budget {budget.Metadata.Name} allows no eviction");
        }
        Assert.Equal(["melo-gateway", "melo-silo"], budgets.Select(b => render.PodsSelectedBy(b.Spec.Selector).Single().Name).Order());
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_network_policy_selects_real_pods_and_its_peers_are_real_pods(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        foreach (var policy in render.All<V1NetworkPolicy>())
        {
            var name = policy.Metadata.Name;
            Assert.NotEmpty(render.PodsSelectedBy(policy.Spec.PodSelector));
            var peers = (policy.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? [])
                .Concat((policy.Spec.Egress ?? []).SelectMany(r => r.To ?? []))
                .Where(p => p.NamespaceSelector is null && p.IpBlock is null);
            foreach (var peer in peers)
                Assert.True(render.PodsSelectedBy(peer.PodSelector).Any(), $"policy {name}: a peer selects no pod");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Autoscalers_target_real_workloads(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        foreach (var hpa in render.All<V2HorizontalPodAutoscaler>())
        {
            var target = hpa.Spec.ScaleTargetRef;
            Assert.Equal(("apps/v1", "Deployment"), (target.ApiVersion, target.Kind));
            var workload = render.Workload(target.Name);
            // Utilization is relative to the request: a container without one makes the metric unavailable.
            foreach (var metric in hpa.Spec.Metrics.Where(m => m.Type == "Resource"))
                Assert.All(workload.Containers, c => Assert.True(c.Resources.Requests.ContainsKey(metric.Resource.Name)));
        }
        foreach (var scaled in render.All<KedaScaledObject>())
        {
            var target = scaled.Spec.ScaleTargetRef;
            Assert.Equal(("apps/v1", "Deployment"), (target.ApiVersion ?? "apps/v1", target.Kind ?? "Deployment"));
            Assert.Contains(render.All<V1Deployment>(), d => d.Metadata.Name == target.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Autoscaled_deployments_leave_the_replica_count_to_their_autoscaler(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var scaled = render.All<V2HorizontalPodAutoscaler>().Select(h => h.Spec.ScaleTargetRef.Name)
            .Concat(render.All<KedaScaledObject>().Select(k => k.Spec.ScaleTargetRef.Name)).ToList();

        Assert.Equal(["melo-gateway", "melo-silo"], scaled.Order());
        // A fixed count would be re-applied by every `kubectl apply`, undoing the autoscaler until it reacts again.
        Assert.All(scaled, name => Assert.Null(render.Named<V1Deployment>(name).Spec.Replicas));
    }
}
