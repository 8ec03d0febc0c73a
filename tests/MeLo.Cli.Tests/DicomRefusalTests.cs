using MeLo.Dicom;
using MeLo.Imaging;

namespace MeLo.Cli.Tests;

/// <summary>Unsupported and hostile DICOM files: a clear <c>error: ...</c> and exit 1 from the CLI, a <see cref="DicomException"/> from the reader.</summary>
public sealed class DicomRefusalTests : IDisposable
{
    readonly DicomSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Theory]
    [InlineData("JPEG2000.dcm", "JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91)")]
    [InlineData("MR_small_jp2klossless.dcm", "JPEG 2000 Image Compression (Lossless Only) (1.2.840.10008.1.2.4.90)")]
    [InlineData("MR_small_jpeg_ls_lossless.dcm", "JPEG-LS Lossless (1.2.840.10008.1.2.4.80)")]
    [InlineData("JPGExtended.dcm", "JPEG Extended (Process 2 & 4) (1.2.840.10008.1.2.4.51)")]
    [InlineData("SC_rgb_jpeg_gdcm.dcm", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]) (1.2.840.10008.1.2.4.70)")]
    [InlineData("MR_small_bigendian.dcm", "Explicit VR Big Endian (1.2.840.10008.1.2.2)")]
    public void Unsupported_transfer_syntaxes_are_refused_by_name_and_uid(string name, string named)
    {
        var result = CliResult.Run("dicom", "export", DicomSamples.Pydicom(name), _samples.PathOf("out.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains($"transfer syntax {named}", result.Error);
        Assert.Contains("is not supported", result.Error);
        Assert.False(File.Exists(_samples.PathOf("out.png")));
    }

    [Fact]
    public void An_unknown_transfer_syntax_is_refused_with_its_uid()
    {
        var error = Refused(DicomSamples.Part10(DicomSamples.PixelModule(), "1.2.3.4.5"));
        Assert.Contains("unknown transfer syntax (1.2.3.4.5)", error.Message);
        Assert.Equal(DicomErrorKind.Unsupported, error.Kind);
    }

    [Theory]
    [InlineData("liver_1frame.dcm", "1 bits allocated is not supported")]
    [InlineData("SC_ybr_full_422_uncompressed.dcm", "photometric interpretation YBR_FULL_422 is not supported")]
    [InlineData("rtplan.dcm", "no Pixel Data (7FE0,0010)")]
    [InlineData("MR_truncated.dcm", "PixelData (7FE0,0010) OW claims 8192 bytes, but only 8130 remain")]
    [InlineData("no_meta.dcm", "no \"DICM\" at byte 128")]
    [InlineData("meta_missing_tsyntax.dcm", "no Transfer Syntax UID (0002,0010)")]
    public void Files_this_reader_cannot_render_get_a_clear_error(string name, string reason)
    {
        var result = CliResult.Run("dicom", "export", DicomSamples.Pydicom(name), _samples.PathOf("out.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(reason, result.Error);
    }

    [Fact]
    public void Pixel_data_shorter_than_the_header_promises_is_truncated()
    {
        var file = _samples.Modified(DicomSamples.Pydicom("CT_small.dcm"), "tall.dcm", "-m", "(0028,0010)=200");
        var result = CliResult.Run("dicom", "export", file, _samples.PathOf("out.png"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Pixel Data holds 32768 bytes, but a 128x200 frame of 1 x 16-bit samples needs 51200", result.Error);
    }

    [Fact]
    public void An_undefined_length_on_a_plain_element_is_malformed()
    {
        var body = DicomSamples.Element(0x0008, 0x0070, "UT", "x"u8.ToArray(), length: 0xFFFF_FFFF);
        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(), .. body]));
        Assert.Equal(DicomErrorKind.Malformed, error.Kind);
        Assert.Contains("(0008,0070) UT has an undefined length", error.Message);
    }

    [Theory]
    [InlineData(0x7FFF_FFF0u)]
    [InlineData(0xFFFF_FFF0u)]
    [InlineData(17u)]
    public void Lengths_past_the_end_of_the_file_are_truncated(uint length)
    {
        var pixels = DicomSamples.Element(0x7FE0, 0x0010, "OB", new byte[16], length);
        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(), .. pixels]));
        Assert.Equal(DicomErrorKind.Truncated, error.Kind);
        Assert.Contains($"claims {length} bytes, but only 16 remain", error.Message);
    }

    [Fact]
    public void A_huge_image_is_refused_before_its_pixels_are_allocated()
    {
        var pixels = DicomSamples.Element(0x7FE0, 0x0010, "OB", new byte[16]);
        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(rows: 65535, columns: 65535), .. pixels]));
        Assert.Equal(DicomErrorKind.TooLarge, error.Kind);
        Assert.Contains("over the limit", error.Message);
    }

    [Fact]
    public void Deeply_nested_sequences_are_refused_without_exhausting_the_stack()
    {
        // 10,000 sequences of undefined length, each holding one item of undefined length that holds the next.
        var open = new List<byte>();
        for (int i = 0; i < 10_000; i++)
        {
            open.AddRange(DicomSamples.Element(0x0040, 0x0260, "SQ", [], length: 0xFFFF_FFFF));
            open.AddRange([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        }

        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(), .. open]));
        Assert.Equal(DicomErrorKind.Malformed, error.Kind);
        Assert.Contains($"nested more than {DicomFileReader.MaxSequenceDepth} levels deep", error.Message);
    }

    [Fact]
    public void A_sequence_item_without_its_delimiter_is_truncated()
    {
        var sequence = DicomSamples.Element(0x0040, 0x0260, "SQ", [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF], length: 0xFFFF_FFFF);
        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(), .. sequence]));
        Assert.Equal(DicomErrorKind.Truncated, error.Kind);
        Assert.Contains("no Item Delimitation Item", error.Message);
    }

    [Fact]
    public void An_invalid_vr_is_malformed()
    {
        var element = DicomSamples.Element(0x0008, 0x0070, "l0", new byte[2]);
        var error = Refused(DicomSamples.Part10([.. DicomSamples.PixelModule(), .. element]));
        Assert.Contains("(0008,0070) has an invalid VR", error.Message);
    }

    [Fact]
    public void A_deflate_bomb_stops_at_the_inflation_limit()
    {
        // 600 MB of zeros deflates to about 600 KB; the reader stops inflating at its 512 MiB limit.
        using var deflated = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 600; i++)
                deflate.Write(zeros);
        }

        var error = Refused(DicomSamples.Part10(deflated.ToArray(), TransferSyntax.DeflatedExplicitVrLittleEndianUid));
        Assert.Equal(DicomErrorKind.TooLarge, error.Kind);
        Assert.Contains("inflates to more than", error.Message);
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm")]
    [InlineData("image_dfl.dcm")]
    [InlineData("nested_priv_SQ.dcm")]
    public void Every_truncation_and_random_corruption_ends_in_a_dicom_error_or_an_image(string name)
    {
        var original = File.ReadAllBytes(DicomSamples.Pydicom(name));
        var random = new Random(11);
        var candidates = Enumerable.Range(0, 400).Select(i => original[..(132 + (int)((long)(original.Length - 132) * i / 400))]).ToList();
        for (int i = 0; i < 400; i++)
        {
            var corrupt = (byte[])original.Clone();
            for (int flips = 0; flips < 4; flips++)
                corrupt[random.Next(132, corrupt.Length)] = (byte)random.Next(256);
            candidates.Add(corrupt);
        }

        foreach (var candidate in candidates)
        {
            try
            {
                DicomImageRenderer.Render(candidate, ImageDecoder.DefaultMaxPixels);
            }
            catch (DicomException)
            {
                // The only exception hostile input may cause.
            }
        }
    }

    [Fact]
    public void Broken_dicom_through_the_image_decoder_is_an_image_decode_error_with_the_reason()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Default.Decode(File.ReadAllBytes(DicomSamples.Pydicom("MR_truncated.dcm"))));
        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
        Assert.Contains("DICOM: PixelData (7FE0,0010) OW claims 8192 bytes", error.Detail);

        var unsupported = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Default.Decode(File.ReadAllBytes(DicomSamples.Pydicom("JPEG2000.dcm"))));
        Assert.Equal(ImageDecodeError.UnsupportedFormat, unsupported.Reason);
    }

    static DicomException Refused(byte[] file) =>
        Assert.Throws<DicomException>(() => DicomImageRenderer.Render(file, ImageDecoder.DefaultMaxPixels));
}
