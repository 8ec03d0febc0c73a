using Google.Protobuf;
using MeLo.Grid.Protos.V1;

namespace MeLo.Grid.IntegrationTests.Infrastructure;

/// <summary>Diagnosis items as clients build them.</summary>
static class Items
{
    public static DiagnosisItem Image(string id, string task, byte[] png) => new() { Id = id, Task = task, Image = ByteString.CopyFrom(png) };

    public static DiagnosisItem Tensor(string id, string task, float[] values, int size) =>
        new() { Id = id, Task = task, Tensor = new Protos.V1.Tensor { Values = { values }, Shape = { 3, size, size } } };
}
