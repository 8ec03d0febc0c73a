namespace MeLo.Deployment.Tests.Keda;

public sealed class KedaScaleTargetRef
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
}
