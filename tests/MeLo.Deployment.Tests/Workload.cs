using k8s.Models;

namespace MeLo.Deployment.Tests;

/// <summary>A Deployment or StatefulSet of a render: what its pods look like.</summary>
public sealed record Workload(string Kind, string Name, V1LabelSelector Selector, V1PodTemplateSpec Template)
{
    public IDictionary<string, string> PodLabels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public IEnumerable<V1Container> Containers => (Template.Spec.InitContainers ?? []).Concat(Template.Spec.Containers);

    /// <summary>Container ports by name and number, so that a named or numbered reference can be resolved.</summary>
    public bool ExposesPort(IntOrString port) => Template.Spec.Containers
        .SelectMany(c => c.Ports ?? [])
        .Any(p => port.Value == p.Name || port.Value == p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
