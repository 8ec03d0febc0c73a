namespace MeLo.Deployment.Tests.Keda;

/// <summary>KEDA's <c>advanced</c>: the HPA it creates takes the standard autoscaling/v2 behavior.</summary>
public sealed class KedaAdvanced
{
    public KedaHorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig { get; set; }
}
