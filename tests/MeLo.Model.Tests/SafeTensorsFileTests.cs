using MeLo.Model.SafeTensors;
using static TorchSharp.torch;

namespace MeLo.Model.Tests;

public class SafeTensorsFileTests
{
    [Fact]
    public void Round_trips_dtypes_shapes_and_metadata()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(2, 3),
            ["f16"] = randn(4).to(ScalarType.Float16),
            ["bf16"] = randn(1, 2, 2).to(ScalarType.BFloat16),
            ["i64"] = tensor(new long[] { 1, -2, 3 }),
            ["scalar"] = tensor(3.5f),
        };
        var bytes = SafeTensorsFile.Serialize(tensors, new Dictionary<string, string> { ["k"] = "v" });
        var (back, metadata) = SafeTensorsFile.Read(bytes);
        Assert.Equal("v", metadata["k"]);
        foreach (var (name, value) in tensors)
        {
            Assert.Equal(value.dtype, back[name].dtype);
            Assert.Equal(value.shape, back[name].shape);
            Assert.Equal(0.0, (value.to(ScalarType.Float64) - back[name].to(ScalarType.Float64)).abs().max().item<double>());
        }
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "overlap")]
    [InlineData("""{"__metadata__":5}""", "__metadata__")]
    [InlineData("""{"a":{"dtype":"F99","shape":[1],"data_offsets":[0,4]}}""", "unsupported dtype")]
    [InlineData("""[1,2]""", "JSON")]
    [InlineData("\u00ff\u00fe", "JSON")]
    public void Malformed_headers_are_refused(string headerText, string expected)
    {
        var header = headerText.StartsWith('\u00ff') ? new byte[] { 0xff, 0xfe, 0xfd } : System.Text.Encoding.UTF8.GetBytes(headerText);
        var file = new byte[8 + header.Length + 4];
        BitConverter.GetBytes((ulong)header.Length).CopyTo(file, 0);
        header.CopyTo(file, 8);
        Assert.Contains(expected, Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Read(file)).Message);
    }
}
