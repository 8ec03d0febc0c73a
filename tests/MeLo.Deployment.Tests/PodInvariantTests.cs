using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MeLo.Deployment.Tests;

/// <summary>What every pod of every render must satisfy: sized, probed, non-root on a read-only root, drained in time.</summary>
public partial class PodInvariantTests
{
    /// <summary>The grid's own pods (they run melo and drain on SIGTERM); Redis is the third-party one.</summary>
    static readonly string[] GridWorkloads = ["melo-gateway", "melo-silo"];

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_container_requests_and_limits_cpu_and_memory(string kustomization)
    {
        foreach (var workload in RenderedManifests.Of(kustomization).Workloads)
            foreach (var container in workload.Containers)
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var where = $"{workload.Name}/{container.Name} {resource}";
                    Assert.True(container.Resources?.Requests?.ContainsKey(resource) == true, $"{where}: no request");
                    Assert.True(container.Resources?.Limits?.ContainsKey(resource) == true, $"{where}: no limit");
                    Assert.True(container.Resources.Requests[resource].ToDecimal() <= container.Resources.Limits[resource].ToDecimal(), $"{where}: request above limit");
                }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_container_has_startup_readiness_and_liveness_probes_on_ports_it_exposes(string kustomization)
    {
        foreach (var workload in RenderedManifests.Of(kustomization).Workloads)
            foreach (var container in workload.Containers)
                foreach (var (kind, probe) in new[] { ("startup", container.StartupProbe), ("readiness", container.ReadinessProbe), ("liveness", container.LivenessProbe) })
                {
                    var where = $"{workload.Name}/{container.Name} {kind} probe";
                    Assert.True(probe is not null, $"{where} is missing");
                    var port = probe.TcpSocket?.Port ?? probe.HttpGet?.Port ?? (probe.Grpc is { } grpc ? (IntOrString)grpc.Port : null);
                    Assert.True(port is not null || probe.Exec is not null, $"{where} checks nothing");
                    if (port is not null)
                        Assert.True(workload.ExposesPort(port), $"{where} targets port {port.Value}, which the pod does not expose");
                }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Gateway_readiness_is_grpc_health_and_its_liveness_does_not_depend_on_the_cluster(string kustomization)
    {
        var gateway = RenderedManifests.Of(kustomization).Workload("melo-gateway").Template.Spec.Containers.Single();

        // grpc.health.v1's overall status ("") includes the cluster check; liveness must not restart gateways on a silo
        // outage, so it asks for the "liveness" service, which only says that the process answers.
        Assert.NotNull(gateway.ReadinessProbe.Grpc);
        Assert.True(string.IsNullOrEmpty(gateway.ReadinessProbe.Grpc.Service));
        Assert.Equal("liveness", gateway.LivenessProbe.Grpc?.Service);
        Assert.Null(gateway.StartupProbe.Grpc);
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silo_probes_ask_its_health_port_for_liveness_readiness_and_startup(string kustomization)
    {
        var silo = RenderedManifests.Of(kustomization).Workload("melo-silo").Template.Spec.Containers.Single();
        Assert.Contains(silo.Env, e => e.Name == "MeLo__Silo__HealthPort" && e.Value == "8080");
        Assert.Equal("/healthz/live", silo.LivenessProbe.HttpGet?.Path);
        Assert.Equal("/healthz/ready", silo.ReadinessProbe.HttpGet?.Path);
        Assert.Equal("/healthz/startup", silo.StartupProbe.HttpGet?.Path);
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Silo_startup_probe_allows_minutes_for_the_backbone_to_load(string kustomization)
    {
        var probe = RenderedManifests.Of(kustomization).Workload("melo-silo").Template.Spec.Containers.Single().StartupProbe;

        var budget = TimeSpan.FromSeconds((probe.PeriodSeconds ?? 10) * (probe.FailureThreshold ?? 3));
        Assert.True(budget >= TimeSpan.FromMinutes(5), $"startup budget {budget} is too short for a ViT-giga load");
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Every_container_runs_non_root_on_a_read_only_root_filesystem(string kustomization)
    {
        foreach (var workload in RenderedManifests.Of(kustomization).Workloads)
        {
            var pod = workload.Template.Spec.SecurityContext;
            foreach (var container in workload.Containers)
            {
                var where = $"{workload.Name}/{container.Name}";
                var security = container.SecurityContext;
                Assert.True(security?.ReadOnlyRootFilesystem == true, $"{where}: root filesystem is writable");
                Assert.True((security?.RunAsNonRoot ?? pod?.RunAsNonRoot) == true, $"{where}: runAsNonRoot is not set");
                Assert.NotEqual(0, security?.RunAsUser ?? pod?.RunAsUser ?? 0);
                Assert.True(security?.AllowPrivilegeEscalation == false, $"{where}: privilege escalation allowed");
                Assert.Contains("ALL", security?.Capabilities?.Drop ?? []);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Paths_the_apps_use_are_volumes_and_data_paths_are_writable(string kustomization)
    {
        foreach (var workload in RenderedManifests.Of(kustomization).Workloads)
        {
            var volumes = (workload.Template.Spec.Volumes ?? []).Select(v => v.Name).ToHashSet();
            if (workload.Kind == "StatefulSet")
                volumes.UnionWith(RenderedManifests.Of(kustomization).Named<V1StatefulSet>(workload.Name).Spec.VolumeClaimTemplates.Select(t => t.Metadata.Name));
            foreach (var container in workload.Containers)
            {
                var mounts = container.VolumeMounts ?? [];
                Assert.All(mounts, m => Assert.Contains(m.Name, volumes));
                Assert.Contains(mounts, m => m.MountPath == "/tmp" && m.ReadOnlyProperty != true);
                foreach (var env in container.Env ?? [])
                {
                    if (env.Value is not { } value || !value.StartsWith('/'))
                        continue;
                    var mount = mounts.Where(m => value == m.MountPath || value.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal)).MaxBy(m => m.MountPath.Length);
                    Assert.True(mount is not null, $"{workload.Name}/{container.Name}: {env.Name}={value} is on the read-only root filesystem");
                    if (env.Name.EndsWith("DataDirectory", StringComparison.Ordinal) || env.Name.EndsWith("CACHE_PATH", StringComparison.Ordinal))
                        Assert.True(mount.ReadOnlyProperty != true, $"{workload.Name}/{container.Name}: {env.Name}={value} is read-only");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Grid_pods_finish_their_prestop_sleep_and_the_host_shutdown_within_the_grace_period(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        foreach (var name in GridWorkloads)
        {
            var spec = render.Workload(name).Template.Spec;
            var container = spec.Containers.Single();
            var preStop = container.Lifecycle?.PreStop?.Exec?.Command;
            Assert.True(preStop is ["sleep", _], $"{name}: no preStop sleep");
            var sleep = int.Parse(preStop[1], CultureInfo.InvariantCulture);
            var shutdownTimeout = int.Parse(Setting(render, container, "DOTNET_shutdownTimeoutSeconds")!, CultureInfo.InvariantCulture);

            // Kubernetes counts the preStop hook against the grace period, then sends SIGTERM; the host then has its
            // shutdown timeout to drain. Keep a margin for the process to exit after the host stops.
            Assert.True(spec.TerminationGracePeriodSeconds >= sleep + shutdownTimeout + 10,
                $"{name}: grace {spec.TerminationGracePeriodSeconds} s < preStop {sleep} s + shutdown {shutdownTimeout} s + 10 s");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Images_are_pinned_to_a_tag_or_digest(string kustomization)
    {
        foreach (var container in RenderedManifests.Of(kustomization).Workloads.SelectMany(w => w.Containers))
        {
            var match = PinnedImage().Match(container.Image);
            Assert.True(match.Success, $"{container.Name}: image {container.Image} is not pinned");
            Assert.NotEqual("latest", match.Groups["tag"].Value);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Environment_references_are_defined_before_use_and_config_maps_exist(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var configMaps = render.All<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        foreach (var container in render.Workloads.SelectMany(w => w.Containers))
        {
            var defined = new HashSet<string>();
            foreach (var from in container.EnvFrom ?? [])
            {
                Assert.True(configMaps.TryGetValue(from.ConfigMapRef.Name, out var map), $"{container.Name}: no ConfigMap {from.ConfigMapRef.Name}");
                defined.UnionWith(map.Data.Keys);
            }
            var args = string.Join(' ', (container.Command ?? []).Concat(container.Args ?? []));
            var names = new HashSet<string>();
            foreach (var env in container.Env ?? [])
            {
                Assert.True(names.Add(env.Name), $"{container.Name}: {env.Name} defined twice");
                foreach (Match reference in EnvReference().Matches(env.Value ?? ""))
                    Assert.True(defined.Contains(reference.Groups[1].Value), $"{container.Name}: {env.Name} uses $({reference.Groups[1].Value}) before it is defined");
                defined.Add(env.Name);
            }
            foreach (Match reference in EnvReference().Matches(args))
                Assert.True(defined.Contains(reference.Groups[1].Value), $"{container.Name}: its arguments use undefined $({reference.Groups[1].Value})");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Redis_needs_the_password_from_the_secret_and_every_grid_pod_sends_it(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var redis = render.Workload("melo-redis").Template.Spec.Containers.Single();
        Assert.Contains("--requirepass $(REDIS_PASSWORD)", string.Join(' ', redis.Args));
        AssertPasswordFromSecret(redis);
        foreach (var name in GridWorkloads)
        {
            var container = render.Workload(name).Template.Spec.Containers.Single();
            AssertPasswordFromSecret(container);
            Assert.Contains("password=$(REDIS_PASSWORD)", Setting(render, container, "MeLo__Cluster__RedisConnectionString"));
            Assert.Equal("Redis", Setting(render, container, "MeLo__Cluster__Clustering"));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void Redis_keeps_its_data_on_a_persistent_volume(string kustomization)
    {
        var redis = RenderedManifests.Of(kustomization).Named<V1StatefulSet>("melo-redis");
        var claim = Assert.Single(redis.Spec.VolumeClaimTemplates);
        var container = redis.Spec.Template.Spec.Containers.Single();

        Assert.Contains(container.VolumeMounts, m => m.Name == claim.Metadata.Name && m.MountPath == "/data");
        Assert.Contains("--appendonly yes", string.Join(' ', container.Args));
        Assert.Contains("--dir /data", string.Join(' ', container.Args));
    }

    static void AssertPasswordFromSecret(V1Container container)
    {
        var password = container.Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom?.SecretKeyRef;
        Assert.NotNull(password);
        Assert.Equal(("melo-redis", "password"), (password.Name, password.Key));
    }

    /// <summary>A setting as the app sees it: the container's env wins over its envFrom ConfigMaps.</summary>
    static string? Setting(RenderedManifests render, V1Container container, string key) =>
        container.Env?.LastOrDefault(e => e.Name == key)?.Value
        ?? (container.EnvFrom ?? []).Select(f => render.Named<V1ConfigMap>(f.ConfigMapRef.Name).Data.TryGetValue(key, out var value) ? value : null)
            .LastOrDefault(v => v is not null);

    [GeneratedRegex(@"^[a-z0-9.\-/:]+(:(?<tag>[A-Za-z0-9_.\-]+))(@sha256:[a-f0-9]{64})?$|^[a-z0-9.\-/:]+@sha256:[a-f0-9]{64}$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex EnvReference();
}
