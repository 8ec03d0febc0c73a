using SkiaSharp;

namespace MeLo.Cli.Tests;

/// <summary><c>melo dicom export</c> against pydicom's pixel_array + apply_modality_lut + apply_voi_lut.</summary>
public sealed class DicomExportTests : IDisposable
{
    readonly DicomSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Theory]
    [InlineData("CT_small.dcm")] // signed 16-bit, rescale, window
    [InlineData("MR_small.dcm")] // 16-bit, window
    [InlineData("MR_small_implicit.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("MR_small_padded.dcm")]
    [InlineData("image_dfl.dcm")] // deflated, 8-bit, no window (min-max)
    [InlineData("rtdose.dcm")] // 32-bit, multi-frame: the first frame
    [InlineData("SC_rgb_rle.dcm")]
    [InlineData("SC_rgb_rle_2frame.dcm")]
    [InlineData("SC_rgb_small_odd.dcm")]
    public void Pydicom_test_files_match_pydicom_within_one_level(string name) =>
        AssertExportMatchesPydicom(DicomSamples.Pydicom(name), tolerance: 1);

    [Theory]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm")] // YBR_FULL
    [InlineData("SC_rgb_dcmtk_+eb+cy+s2.dcm")] // YBR_FULL_422
    [InlineData("SC_rgb_dcmtk_+eb+cr.dcm")] // RGB
    [InlineData("SC_rgb_small_odd_jpeg.dcm")]
    [InlineData("SC_jpeg_no_color_transform.dcm")] // RGB samples, no Adobe marker: the decoder's YCbCr guess is undone
    [InlineData("SC_jpeg_no_color_transform_2.dcm")]
    [InlineData("SC_rgb_jpeg_app14_dcmd.dcm")]
    [InlineData("SC_rgb_dcmtk_+eb+cy+np.dcm")]
    public void Pydicom_jpeg_baseline_files_match_pydicom_within_two_levels(string name) =>
        AssertExportMatchesPydicom(DicomSamples.Pydicom(name), tolerance: 2);

    [Theory]
    [InlineData("dcmconv", "+ti")] // Implicit VR Little Endian
    [InlineData("dcmconv", "+te")] // Explicit VR Little Endian
    [InlineData("dcmconv", "+td")] // Deflated Explicit VR Little Endian
    [InlineData("dcmcrle")] // RLE Lossless (CT_small is signed 16-bit: two segments)
    public void Dcmtk_transfer_syntaxes_of_a_ct_render_the_same(string tool, params string[] options)
    {
        var file = _samples.Converted(DicomSamples.Pydicom("CT_small.dcm"), $"ct-{tool}{string.Concat(options)}.dcm", tool, options);
        AssertExportMatchesPydicom(file, tolerance: 1);
    }

    [Theory]
    [InlineData("CT_small.dcm", "monochrome1", "-m", "(0028,0004)=MONOCHROME1")]
    [InlineData("CT_small.dcm", "narrow-window", "-i", "(0028,1050)=100", "-i", "(0028,1051)=50")]
    [InlineData("CT_small.dcm", "two-windows", "-i", "(0028,1050)=40\\400", "-i", "(0028,1051)=400\\2000")]
    [InlineData("CT_small.dcm", "window-monochrome1", "-i", "(0028,1050)=100", "-i", "(0028,1051)=300", "-m", "(0028,0004)=MONOCHROME1")]
    [InlineData("CT_small.dcm", "linear-exact", "-i", "(0028,1050)=100", "-i", "(0028,1051)=300", "-i", "(0028,1056)=LINEAR_EXACT")]
    [InlineData("CT_small.dcm", "sigmoid", "-i", "(0028,1050)=100", "-i", "(0028,1051)=300", "-i", "(0028,1056)=SIGMOID")]
    [InlineData("CT_small.dcm", "no-rescale", "-e", "(0028,1052)", "-e", "(0028,1053)")]
    [InlineData("CT_small.dcm", "slope", "-m", "(0028,1053)=2.5", "-m", "(0028,1052)=-100", "-i", "(0028,1050)=0", "-i", "(0028,1051)=900")]
    [InlineData("MR_small.dcm", "no-window", "-e", "(0028,1050)", "-e", "(0028,1051)")]
    [InlineData("MR_small.dcm", "width-one", "-m", "(0028,1050)=600", "-m", "(0028,1051)=1")]
    public void Rendering_variants_made_with_dcmodify_match_pydicom(string source, string name, params string[] edits)
    {
        var file = _samples.Modified(DicomSamples.Pydicom(source), $"{name}.dcm", edits);
        AssertExportMatchesPydicom(file, tolerance: 1);
    }

    [Fact]
    public void Monochrome1_is_the_inverse_of_monochrome2()
    {
        var source = DicomSamples.Pydicom("MR_small.dcm");
        var inverted = _samples.Modified(source, "mr-mono1.dcm", "-m", "(0028,0004)=MONOCHROME1");
        var (_, _, _, normal) = Export(source);
        var (_, _, _, flipped) = Export(inverted);
        Assert.Equal(normal.Select(v => (byte)(255 - v)), flipped);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Jpeg_baseline_made_with_img2dcm_matches_pydicom(bool gray)
    {
        var file = _samples.JpegBaseline(gray ? "gray-jpeg.dcm" : "colour-jpeg.dcm", gray);
        var (_, _, channels, _) = Export(file);
        Assert.Equal(gray ? 1 : 3, channels);
        AssertExportMatchesPydicom(file, tolerance: 2);
    }

    [Fact]
    public void Jpeg_baseline_made_with_dcmcjpeg_matches_pydicom()
    {
        // dcmcjpeg +eb needs 8-bit input: pydicom's 8-bit deflated image, inflated first.
        var plain = _samples.Converted(DicomSamples.Pydicom("image_dfl.dcm"), "dfl-plain.dcm", "dcmconv", "+te");
        var jpeg = _samples.Converted(plain, "dfl-jpeg.dcm", "dcmcjpeg", "+eb");
        AssertExportMatchesPydicom(jpeg, tolerance: 2);
    }

    void AssertExportMatchesPydicom(string dicom, int tolerance)
    {
        var expected = _samples.Reference(dicom);
        var (width, height, channels, actual) = Export(dicom);
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (width, height, channels));
        int worst = expected.Pixels.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"{Path.GetFileName(dicom)}: a pixel differs from pydicom by {worst} gray levels (allowed {tolerance}).");
    }

    (int Width, int Height, int Channels, byte[] Pixels) Export(string dicom)
    {
        var png = _samples.PathOf(Path.GetFileName(dicom) + ".png");
        var result = CliResult.Run("dicom", "export", dicom, png);
        Assert.True(result.ExitCode == 0, result.Error);
        using var codec = SKCodec.Create(png);
        bool gray = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        var pixels = bitmap.GetPixelSpan().ToArray();
        if (!gray)
            pixels = pixels.Where((_, i) => i % 4 != 3).ToArray();
        return (info.Width, info.Height, gray ? 1 : 3, pixels);
    }
}
