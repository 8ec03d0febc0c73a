namespace MeLo.Serving.Grains.Storage;

/// <summary>The persistent state of one task in grain storage: its versions, the active one, the last number issued.</summary>
[GenerateSerializer, Alias("melo.StoredAdapterTask")]
public sealed class StoredAdapterTask
{
    [Id(0)] public int LastVersion { get; set; }
    [Id(1)] public string? Active { get; set; }
    [Id(2)] public List<StoredAdapterVersion> Versions { get; set; } = [];
}
