using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using MeLo.Deployment.Tests.Keda;

namespace MeLo.Deployment.Tests;

/// <summary>
/// The objects of one render, each deserialized strictly into its typed model: KubernetesClient's for built-in kinds,
/// <see cref="KedaScaledObject"/> for KEDA. An unknown field, a wrongly typed value or an unknown kind throws.
/// </summary>
public sealed class RenderedManifests
{
    static readonly Dictionary<string, Type> OwnModels = new() { ["keda.sh/v1alpha1/ScaledObject"] = typeof(KedaScaledObject) };
    static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Renders = new();

    RenderedManifests(IReadOnlyList<object> objects)
    {
        Objects = objects;
        Workloads = [
            .. objects.OfType<V1Deployment>().Select(d => new Workload("Deployment", d.Metadata.Name, d.Spec.Selector, d.Spec.Template)),
            .. objects.OfType<V1StatefulSet>().Select(s => new Workload("StatefulSet", s.Metadata.Name, s.Spec.Selector, s.Spec.Template)),
        ];
    }

    public IReadOnlyList<object> Objects { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    public static RenderedManifests Parse(string yaml) => new(KubernetesYaml.LoadAllFromString(yaml, OwnModels, strict: true));

    /// <summary>The render of a kustomization under the repository root, once per test run.</summary>
    public static RenderedManifests Of(string kustomization) =>
        Renders.GetOrAdd(kustomization, k => new Lazy<RenderedManifests>(() => Parse(Kustomize.Render(k)))).Value;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>().Single(o => o.Metadata.Name == name);

    public Workload Workload(string name) => Workloads.Single(w => w.Name == name);

    public IEnumerable<Workload> PodsSelectedBy(V1LabelSelector selector) => Workloads.Where(w => selector.Matches(w.PodLabels));

    /// <summary>The fewest pods a Deployment runs: its autoscaler's minimum, else its replica count (default 1).</summary>
    public int MinimumReplicas(string deployment) =>
        All<V2HorizontalPodAutoscaler>().FirstOrDefault(h => h.Spec.ScaleTargetRef.Name == deployment)?.Spec.MinReplicas
        ?? All<KedaScaledObject>().FirstOrDefault(k => k.Spec.ScaleTargetRef.Name == deployment)?.Spec.MinReplicaCount
        ?? Named<V1Deployment>(deployment).Spec.Replicas
        ?? 1;
}
