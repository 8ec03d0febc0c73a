using k8s.Models;

namespace MeLo.Deployment.Tests.Keda;

public sealed class KedaHorizontalPodAutoscalerConfig
{
    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}
