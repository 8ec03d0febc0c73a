using System.Text.RegularExpressions;

namespace MeLo.Deployment.Tests;

/// <summary>The two images the manifests run: pinned bases, the right torch backend, and the user the pods expect.</summary>
public partial class DockerfileTests
{
    [Theory]
    [InlineData("Dockerfile.gateway", "melo-gateway", "./melo-gateway")]
    [InlineData("Dockerfile.silo", "melo-silo", "./melo")]
    public void The_image_runs_its_executable_as_the_non_root_user_the_pods_run_as(string dockerfile, string workload, string executable)
    {
        var lines = Lines(dockerfile);
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];
        var pod = RenderedManifests.Of(Kustomizations.Gpu).Workload(workload).Template.Spec.SecurityContext;

        // A numeric user lets the kubelet verify runAsNonRoot; a name cannot be checked and the pod would not start.
        Assert.Matches("^[1-9][0-9]*$", user);
        Assert.Equal(pod.RunAsUser, long.Parse(user, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"ENTRYPOINT [\"{executable}\"]", lines);
    }

    [Theory]
    [MemberData(nameof(Kustomizations.All), MemberType = typeof(Kustomizations))]
    public void The_pods_start_the_images_entrypoint_with_arguments_it_accepts(string kustomization)
    {
        var render = RenderedManifests.Of(kustomization);
        var gateway = render.Workload("melo-gateway").Template.Spec.Containers.Single();
        var silo = render.Workload("melo-silo").Template.Spec.Containers.Single();

        // `melo-gateway` has no subcommands: a leftover `gateway` argument (the `melo gateway` form) would fail at start.
        Assert.Null(gateway.Command);
        Assert.All(gateway.Args ?? [], a => Assert.StartsWith("--", a, StringComparison.Ordinal));
        Assert.Null(silo.Command);
        Assert.Equal("silo", silo.Args[0]);
    }

    [Fact]
    public void The_gateway_image_publishes_the_gateway_only_project_and_the_silo_image_the_cli()
    {
        Assert.Contains(Lines("Dockerfile.gateway"), l => l.StartsWith("RUN dotnet publish src/MeLo.Gateway.Host ", StringComparison.Ordinal));
        Assert.Contains(Lines("Dockerfile.silo"), l => l.StartsWith("RUN dotnet publish src/MeLo.Cli ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Dockerfile.gateway")]
    [InlineData("Dockerfile.silo")]
    public void Base_images_are_pinned_to_a_patch_version(string dockerfile)
    {
        var bases = Lines(dockerfile).Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, bases.Count);
        Assert.All(bases, line => Assert.Matches(PinnedBase(), line));
    }

    [Fact]
    public void The_gateway_image_is_cpu_only_and_the_silo_image_is_cuda_by_default()
    {
        var gateway = Lines("Dockerfile.gateway");
        var silo = Lines("Dockerfile.silo");

        Assert.Contains(gateway, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("-p:TorchBackend=cpu"));
        Assert.DoesNotContain(gateway, l => l.Contains("cuda", StringComparison.OrdinalIgnoreCase) || l.Contains("NVIDIA"));
        Assert.Contains("ARG TORCH_BACKEND=cuda", silo);
        Assert.Contains(silo, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("-p:TorchBackend=${TORCH_BACKEND}"));
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_and_local_data()
    {
        var ignored = Lines(".dockerignore");

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", ".melo/" }, ignored.ToHashSet());
    }

    static List<string> Lines(string file) =>
        File.ReadAllLines(Path.Combine(Kustomize.RepositoryRoot, file)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    [GeneratedRegex(@"^FROM [a-z0-9.\-/]+:\d+\.\d+\.\d+( AS \w+)?$")]
    private static partial Regex PinnedBase();
}
