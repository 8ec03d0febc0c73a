using System.Runtime.InteropServices;
using System.Text.Json;
using MeLo.Dicom;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Imaging;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// inference.GRPCInferenceService (Open Inference Protocol / KServe v2) called by Debian's python3-grpcio with stubs generated
/// from our protos/inference/grpc_service.proto: the same probabilities as melo.v1 for the same images (PNG and DICOM),
/// the metadata contract, and NOT_FOUND / INVALID_ARGUMENT errors.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class OpenInferenceProtocolTests(GridFixture fixture)
{
    const string Dicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm";

    [Fact]
    public async Task A_standard_python_client_gets_melo_v1s_probabilities_and_the_protocols_errors()
    {
        Assert.True(File.Exists(Dicom), $"{Dicom} is missing: install python3-pydicom (apt).");
        using var work = new TempDirectory("melo-oip-client-");
        var stubs = PythonClientTests.GenerateStubs(work.Path, "inference/grpc_service.proto");
        var images = new List<string>();
        var expected = new List<float[]>();
        for (int i = 0; i < 3; i++)
        {
            var png = TestImages.Png(700 + i);
            images.Add(work.Combine($"image-{i}.png"));
            await File.WriteAllBytesAsync(images[^1], png);
            expected.Add(fixture.Reference.Probabilities("beta", ReferenceModel.Preprocess(png)));
        }
        images.Add(Dicom);
        var rendered = DicomImageRenderer.Render(await File.ReadAllBytesAsync(Dicom), ImageDecoder.DefaultMaxPixels).EncodePng();
        expected.Add(fixture.Reference.Probabilities("beta", ReferenceModel.Preprocess(rendered)));
        var pixels = work.Combine("pixels.f32");
        await File.WriteAllBytesAsync(pixels, MemoryMarshal.AsBytes(ReferenceModel.Preprocess(await File.ReadAllBytesAsync(images[0])).AsSpan()).ToArray());

        var output = PythonClientTests.Run(PythonClientTests.Python, [Path.Combine(AppContext.BaseDirectory, "python", "oip_client.py"), stubs,
            fixture.Grid.Address.Replace("http://", ""), "beta", pixels, .. images], token: fixture.Grid.Grid.DiagnoseToken);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("live").GetBoolean());
        Assert.True(root.GetProperty("ready").GetBoolean());
        Assert.Equal("melo-grid", root.GetProperty("server").GetString());
        Assert.True(root.GetProperty("model_ready").GetBoolean());
        Assert.False(root.GetProperty("unknown_model_ready").GetBoolean());

        var metadata = root.GetProperty("metadata");
        Assert.Equal("beta", metadata.GetProperty("name").GetString());
        int size = Model.Vit.DemoBackbone.Config.ImageSize;
        Assert.Equal($$"""[["image","BYTES",[-1]],["pixel_values","FP32",[-1,3,{{size}},{{size}}]]]""", metadata.GetProperty("inputs").GetRawText());
        Assert.Equal("""[["probabilities","FP32",[-1,4]]]""", metadata.GetProperty("outputs").GetRawText());
        Assert.Equal(TestTask.Beta.Labels, metadata.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var raw = root.GetProperty("raw");
        Assert.Equal("req-1", raw.GetProperty("id").GetString());
        Assert.Equal("beta", raw.GetProperty("model").GetString());
        Assert.False(string.IsNullOrEmpty(raw.GetProperty("version").GetString()));
        Assert.Equal("""["probabilities","FP32",[4,4]]""", raw.GetProperty("output").GetRawText());
        Assert.Equal(TestTask.Beta.Labels, raw.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        var oip = Rows(raw.GetProperty("probabilities"));
        var melo = Rows(root.GetProperty("melo_v1"));
        Assert.Equal(images.Count, oip.Count);
        for (int i = 0; i < images.Count; i++)
        {
            AssertClose(melo[i], oip[i], 1e-5f);
            AssertClose(expected[i], oip[i], 1e-4f);
        }
        AssertClose(oip[0], Rows(root.GetProperty("typed"))[0], 1e-5f);
        AssertClose(oip[0], Rows(root.GetProperty("tensor"))[0], 1e-5f);

        var errors = root.GetProperty("errors");
        Assert.Equal("NOT_FOUND", errors.GetProperty("unknown_model").GetString());
        Assert.Equal("NOT_FOUND", errors.GetProperty("unknown_model_metadata").GetString());
        foreach (var invalid in new[] { "wrong_datatype", "wrong_shape", "count_mismatch", "wrong_tensor_size", "unknown_input", "bad_image", "cut_prefix" })
            Assert.Equal("INVALID_ARGUMENT", errors.GetProperty(invalid).GetString());
    }

    static List<float[]> Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();

    static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= tolerance, $"{pair.First} vs {pair.Second}"));
    }
}
