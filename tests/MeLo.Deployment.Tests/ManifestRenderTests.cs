using k8s.Models;

namespace MeLo.Deployment.Tests;

public class ManifestRenderTests
{
    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_object_of_the_render_loads_strictly_into_its_typed_model(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);

        var objects = render.Objects.Select(o => (o.GetType().Name, ((k8s.IKubernetesObject<V1ObjectMeta>)o).Metadata.Name)).Order().ToList();
        Assert.Equal(
        [
            ("KedaScaledObject", "melo-silo"),
            ("V1ConfigMap", render.All<V1ConfigMap>().Single().Metadata.Name),
            ("V1Deployment", "melo-gateway"),
            ("V1Deployment", "melo-silo"),
            ("V1NetworkPolicy", "melo-default-deny"),
            ("V1NetworkPolicy", "melo-dns-egress"),
            ("V1NetworkPolicy", "melo-gateway"),
            ("V1NetworkPolicy", "melo-redis"),
            ("V1NetworkPolicy", "melo-silo"),
            ("V1PersistentVolumeClaim", "melo-adapters"),
            ("V1PersistentVolumeClaim", "melo-models"),
            ("V1PodDisruptionBudget", "melo-gateway"),
            ("V1PodDisruptionBudget", "melo-silo"),
            ("V1Service", "melo-gateway"),
            ("V1Service", "melo-redis"),
            ("V1Service", "melo-silo"),
            ("V1StatefulSet", "melo-redis"),
            ("V2HorizontalPodAutoscaler", "melo-gateway"),
        ], objects);
        Assert.StartsWith("melo-cluster-", render.All<V1ConfigMap>().Single().Metadata.Name);
    }

    [Fact]
    public void The_gpu_overlay_gives_each_silo_one_gpu_and_the_cuda_image()
    {
        var silo = RenderedManifests.Of(Kustomizations.Gpu).Workload("melo-silo").Template.Spec.Containers.Single();

        Assert.Equal(1m, silo.Resources.Limits["nvidia.com/gpu"].ToDecimal());
        Assert.Equal(1m, silo.Resources.Requests["nvidia.com/gpu"].ToDecimal());
        Assert.Equal("cuda:0", Env(silo, "MeLo__Engine__Device"));
        Assert.Equal("registry.example.org/melo-grid-silo:1.0.0-cuda", silo.Image);
    }

    [Fact]
    public void The_cpu_overlay_runs_silos_on_the_cpu_image_without_a_gpu()
    {
        var silo = RenderedManifests.Of(Kustomizations.Cpu).Workload("melo-silo").Template.Spec.Containers.Single();

        Assert.DoesNotContain("nvidia.com/gpu", silo.Resources.Limits.Keys);
        Assert.Equal("cpu", Env(silo, "MeLo__Engine__Device"));
        Assert.Equal("registry.example.org/melo-grid-silo:1.0.0-cpu", silo.Image);
        Assert.True(silo.Resources.Requests["cpu"].ToDecimal() >= 8, "CPU silos run the forward passes on their own cores");
    }

    [Theory]
    [MemberData(nameof(Kustomizations.Overlays), MemberType = typeof(Kustomizations))]
    public void Gateways_run_the_cpu_only_gateway_image_in_every_overlay(string kustomization)
    {
        var gateway = RenderedManifests.Of(kustomization).Workload("melo-gateway").Template.Spec.Containers.Single();

        Assert.Equal("registry.example.org/melo-grid-gateway:1.0.0", gateway.Image);
        Assert.DoesNotContain("nvidia.com/gpu", gateway.Resources.Limits.Keys);
    }

    static string? Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;
}
