namespace MeLo.Deployment.Tests;

/// <summary>The kustomizations an operator can render: the base and both overlays.</summary>
public static class Kustomizations
{
    public const string Base = "k8s/base";
    public const string Cpu = "k8s/overlays/cpu";
    public const string Gpu = "k8s/overlays/gpu";

    public static TheoryData<string> All => [Base, Cpu, Gpu];

    public static TheoryData<string> Overlays => [Cpu, Gpu];
}
