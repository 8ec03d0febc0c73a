namespace MeLo.Serving.Grains.Storage;

[GenerateSerializer, Alias("melo.StoredCatalog")]
public sealed class StoredCatalog
{
    [Id(0)] public SortedSet<string> Tasks { get; set; } = new(StringComparer.Ordinal);
}
