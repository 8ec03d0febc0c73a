namespace MeLo.Deployment.Tests.Keda;

public sealed class KedaScaledObjectSpec
{
    public KedaScaleTargetRef ScaleTargetRef { get; set; } = new();
    public int? MinReplicaCount { get; set; }
    public int? MaxReplicaCount { get; set; }
    public int? PollingInterval { get; set; }
    public int? CooldownPeriod { get; set; }
    public KedaAdvanced? Advanced { get; set; }
    public List<KedaTrigger> Triggers { get; set; } = [];
}
