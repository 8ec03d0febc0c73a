namespace MeLo.Serving.Grains.Storage;

[GenerateSerializer, Alias("melo.StoredBlob")]
public sealed class StoredBlob
{
    [Id(0)] public byte[] Data { get; set; } = [];
}
