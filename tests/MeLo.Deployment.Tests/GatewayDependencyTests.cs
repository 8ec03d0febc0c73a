using System.Text.Json;

namespace MeLo.Deployment.Tests;

/// <summary>
/// The gateway image carries no torch: the dependency closure NuGet restored for the gateway-only host (and for
/// MeLo.Hosting, which it shares with the silo host) holds neither TorchSharp nor libtorch nor a MeLo project that needs
/// them. Read from each project's obj/project.assets.json, which lists every package and project, direct or transitive.
/// </summary>
public class GatewayDependencyTests
{
    static readonly string[] TorchProjects = ["MeLo.Model", "MeLo.Serving.Engine", "MeLo.Serving.Grains", "MeLo.Training", "MeLo.Hosting.Silo", "MeLo.Demo"];

    [Theory]
    [InlineData("src/MeLo.Gateway.Host", new[] { "MeLo.Hosting", "MeLo.Gateway", "Microsoft.Orleans.Client", "Grpc.AspNetCore" })]
    [InlineData("src/MeLo.Hosting", new[] { "MeLo.Gateway", "MeLo.ServiceDefaults", "Microsoft.Orleans.Clustering.Redis" })]
    public void The_gateway_closure_holds_no_torch(string project, string[] expected)
    {
        var closure = Closure(project);

        // The closure was really read: what the gateway needs is in it.
        Assert.Superset(expected.ToHashSet(), closure);
        var torch = closure.Where(name => name.Contains("torch", StringComparison.OrdinalIgnoreCase) || TorchProjects.Contains(name)).Order().ToList();
        Assert.True(torch.Count == 0, $"{project} pulls in {string.Join(", ", torch)}");
    }

    /// <summary>Names of every library (package or project) in a project's restored closure.</summary>
    static HashSet<string> Closure(string project)
    {
        var assets = Path.Combine(Kustomize.RepositoryRoot, project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: restore {project} (building this test project does).");
        using var json = JsonDocument.Parse(File.ReadAllBytes(assets));
        return json.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name[..library.Name.IndexOf('/')]).ToHashSet();
    }
}
