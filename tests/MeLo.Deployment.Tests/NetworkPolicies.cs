using k8s.Models;

namespace MeLo.Deployment.Tests;

/// <summary>
/// NetworkPolicy semantics for pods of one namespace: a connection is allowed when the source's egress and the
/// destination's ingress both allow it. A pod no policy selects for a direction is open in that direction; a selected
/// pod accepts only what some rule of a selecting policy allows (peer and port).
/// </summary>
public sealed class NetworkPolicies(RenderedManifests render)
{
    readonly List<V1NetworkPolicy> _policies = render.All<V1NetworkPolicy>().ToList();

    public bool Allows(Workload source, Workload destination, int port) =>
        Egress(source, destination, port) && Ingress(source, destination, port);

    /// <summary>From a pod of another namespace (an ingress controller, a client): only the destination's ingress counts.</summary>
    public bool AllowsFromOutside(Workload destination, int port) => Ingress(null, destination, port);

    bool Ingress(Workload? source, Workload destination, int port)
    {
        var selecting = Selecting(destination, "Ingress").ToList();
        return selecting.Count == 0 || selecting.Any(p => (p.Spec.Ingress ?? []).Any(rule =>
            PeersAllow(rule.FromProperty, source) && PortsAllow(rule.Ports, destination, port)));
    }

    bool Egress(Workload source, Workload destination, int port)
    {
        var selecting = Selecting(source, "Egress").ToList();
        return selecting.Count == 0 || selecting.Any(p => (p.Spec.Egress ?? []).Any(rule =>
            PeersAllow(rule.To, destination) && PortsAllow(rule.Ports, destination, port)));
    }

    IEnumerable<V1NetworkPolicy> Selecting(Workload pod, string direction) =>
        _policies.Where(p => p.Spec.PodSelector.Matches(pod.PodLabels) && PolicyTypes(p).Contains(direction));

    /// <summary>Kubernetes' default: Ingress always, Egress when the policy has egress rules.</summary>
    static IEnumerable<string> PolicyTypes(V1NetworkPolicy policy) =>
        policy.Spec.PolicyTypes ?? (policy.Spec.Egress is null ? ["Ingress"] : ["Ingress", "Egress"]);

    /// <summary>
    /// No peers means every peer. A pod selector alone means pods of this namespace; a peer with a namespace selector or
    /// an IP block is never one of these pods (and not counted for outside ones either, which is the stricter reading).
    /// </summary>
    static bool PeersAllow(IList<V1NetworkPolicyPeer>? peers, Workload? pod) =>
        peers is null || peers.Count == 0 ||
        (pod is not null && peers.Any(peer => peer.NamespaceSelector is null && peer.IpBlock is null && peer.PodSelector.Matches(pod.PodLabels)));

    static bool PortsAllow(IList<V1NetworkPolicyPort>? ports, Workload destination, int port) =>
        ports is null || ports.Count == 0 || ports.Any(p => (p.Protocol ?? "TCP") == "TCP" && Resolves(p.Port, destination, port));

    static bool Resolves(IntOrString? rulePort, Workload destination, int port) =>
        rulePort is null || rulePort.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture) ||
        destination.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).Any(p => p.Name == rulePort.Value && p.ContainerPort == port);
}
