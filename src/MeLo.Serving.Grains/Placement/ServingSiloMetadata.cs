namespace MeLo.Serving.Grains.Placement;

/// <summary>Silo metadata keys (Orleans silo metadata, fixed at silo start) that placement reads.</summary>
public static class ServingSiloMetadata
{
    /// <summary>Present on silos that host a backbone and an engine; its value names the backbone.</summary>
    public const string BackboneKey = "melo.backbone";
}
