using System.Text.Json;
using MeLo.Cli;
using MeLo.Dicom;
using MeLo.Grid.IntegrationTests.Infrastructure;
using MeLo.Hosting;
using MeLo.Imaging;

namespace MeLo.Grid.IntegrationTests;

/// <summary>
/// DICOM through the gateway: `melo diagnose` sends .dcm files as they are (DiagnosisItem.image), the gateway renders them
/// like `melo dicom export`, and an unsupported or broken file is INVALID_ARGUMENT with the reason but no header value.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class DicomDiagnoseTests(GridFixture fixture) : IDisposable
{
    const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    readonly TempDirectory _work = new("melo-dicom-diagnose-");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_folder_of_dcm_files_is_answered_like_their_rendered_pngs_and_bad_files_fail_alone()
    {
        var folder = Directory.CreateDirectory(_work.Combine("study"));
        foreach (var name in new[] { "CT_small.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm", "MR_truncated.dcm" })
        {
            var source = Path.Combine(PydicomFiles, name);
            Assert.True(File.Exists(source), $"{source} is missing: install python3-pydicom (apt).");
            File.Copy(source, Path.Combine(folder.FullName, name));
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliRunner.InvokeAsync(MeLoCommandLine.Create(), ["diagnose", "--address", fixture.Grid.Address, "--token", fixture.Grid.Grid.DiagnoseToken!, "--task", "alpha", folder.FullName], output, error);
        var answers = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(a => a.GetProperty("id").GetString()!);

        Assert.Equal(1, exit);
        Assert.Contains("4 answers, 2 failed", error.ToString());
        foreach (var good in new[] { "CT_small.dcm", "MR_small_RLE.dcm" })
        {
            var png = DicomImageRenderer.Render(File.ReadAllBytes(Path.Combine(folder.FullName, good)), ImageDecoder.DefaultMaxPixels).EncodePng();
            var expected = fixture.Reference.Probabilities("alpha", ReferenceModel.Preprocess(png));
            var actual = answers[good].GetProperty("result").GetProperty("probabilities").EnumerateArray()
                .Select(p => p.GetProperty("probability").GetSingle()).ToArray();
            Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) < 1e-4));
        }

        var unsupported = answers["JPEG2000.dcm"].GetProperty("error");
        var truncated = answers["MR_truncated.dcm"].GetProperty("error");
        Assert.Equal(3, unsupported.GetProperty("code").GetInt32());
        Assert.Equal(3, truncated.GetProperty("code").GetInt32());
        Assert.Contains("JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91) is not supported", unsupported.GetProperty("message").GetString());
        Assert.Contains("PixelData (7FE0,0010) OW claims 8192 bytes", truncated.GetProperty("message").GetString());
        // The files' patient names ("CompressedSamples^NM1", ...) and institution never come back.
        Assert.DoesNotContain("CompressedSamples", output.ToString());
        Assert.DoesNotContain("Hospital Name", output.ToString());
    }
}
