using k8s;
using k8s.Models;

namespace MeLo.Deployment.Tests.Keda;

/// <summary>
/// The part of KEDA's ScaledObject (keda.sh/v1alpha1) that MeLo's manifests may use, as a strict schema of our own:
/// KubernetesClient has no model for it, and a field not declared here fails the strict load like any unknown field.
/// </summary>
[KubernetesEntity(Group = "keda.sh", ApiVersion = "v1alpha1", Kind = "ScaledObject", PluralName = "scaledobjects")]
public sealed class KedaScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public KedaScaledObjectSpec Spec { get; set; } = new();
}
