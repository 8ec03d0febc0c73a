using System.Diagnostics;

namespace MeLo.Deployment.Tests;

/// <summary>
/// Renders a kustomization under k8s/ with <c>kubectl kustomize</c>, as an operator's <c>kubectl apply -k</c> would. The
/// kubectl is the one on PATH (Debian's kubernetes-client, kubectl 1.20 with kustomize v2.0.3), or MELO_KUBECTL.
/// </summary>
public static class Kustomize
{
    public static string Kubectl => Environment.GetEnvironmentVariable("MELO_KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    /// <summary>The repository root: the folder above the test binaries that holds MeLo.Grid.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The rendered YAML of <paramref name="kustomization"/> (relative to the repository root, e.g. k8s/overlays/gpu).</summary>
    public static string Render(string kustomization)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, kustomization));
        using var process = Start(start);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Kubectl} kustomize {kustomization} exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Kubectl}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{Kubectl} not found ({e.Message}): install Debian's kubernetes-client (scripts/test.sh does) or set MELO_KUBECTL", e);
        }
    }

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MeLo.Grid.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no MeLo.Grid.sln above {AppContext.BaseDirectory}");
    }
}
