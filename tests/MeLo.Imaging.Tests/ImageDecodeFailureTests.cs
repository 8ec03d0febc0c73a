using SkiaSharp;

namespace MeLo.Imaging.Tests;

public sealed class ImageDecodeFailureTests
{
    private static readonly ImageDecoder Decoder = ImageDecoder.Default;

    private static byte[] SmallPng() =>
        TestImages.EncodeRgb(64, 64, (x, y) => ((byte)(x * 3), (byte)(y ^ x), (byte)(x * y)), SKEncodedImageFormat.Png);

    [Fact]
    public void Empty_IsReportedAsEmpty()
    {
        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode([]));

        Assert.Equal(ImageDecodeError.Empty, error.Reason);
        Assert.Contains("no data", error.Message);
        Assert.Equal(ImageDecodeError.Empty, Assert.Throws<ImageDecodeException>(() => Decoder.ReadHeader([])).Reason);
    }

    [Fact]
    public void Garbage_IsReportedAsUnknownFormat()
    {
        var garbage = new byte[500];
        new Random(1).NextBytes(garbage);
        garbage[0] = 0x00;

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(garbage));

        Assert.Equal(ImageDecodeError.UnknownFormat, error.Reason);
        Assert.Contains("not a PNG, JPEG, BMP or WebP image", error.Message);
    }

    [Fact]
    public void KnownButUnsupportedFormats_AreNamed()
    {
        var dicom = new byte[200];
        "DICM"u8.CopyTo(dicom.AsSpan(128));

        var gif = Assert.Throws<ImageDecodeException>(() => Decoder.Decode("GIF89a\x01\0\x01\0"u8));
        var dcm = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(dicom));

        Assert.Equal(ImageDecodeError.UnsupportedFormat, gif.Reason);
        Assert.Contains("GIF", gif.Message);
        Assert.Contains("DICOM", dcm.Message);
    }

    [Fact]
    public void TruncatedPng_IsReportedAsTruncated()
    {
        var png = SmallPng();

        var cutInData = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png.AsSpan(0, png.Length / 2)));
        var cutInHeader = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png.AsSpan(0, 20)));

        Assert.Equal(ImageDecodeError.Truncated, cutInData.Reason);
        Assert.Equal(ImageDecodeError.Truncated, cutInHeader.Reason);
        Assert.Contains("ends", cutInData.Message);
    }

    [Fact]
    public void TruncatedPng16_IsReportedAsTruncated()
    {
        var png = TestImages.Png16(40, 40, 3, (x, y, c) => (ushort)(x * y * (c + 1) * 37));

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png.AsSpan(0, png.Length - 40)));

        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
        Assert.Contains("ends inside a IDAT chunk", error.Message);
    }

    [Fact]
    public void TruncatedJpeg_IsReportedAsTruncated()
    {
        var jpeg = TestImages.EncodeRgb(64, 64, (x, y) => ((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y)), SKEncodedImageFormat.Jpeg, 90);

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2)));

        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
    }

    [Fact]
    public void CorruptPng16Data_IsReportedAsCorrupt()
    {
        var header = TestImages.Png16(4, 4, 1, (x, _, _) => (ushort)x).AsSpan(8, 25).ToArray()[8..21];
        var png = TestImages.PngFromChunks(("IHDR", header), ("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), ("IEND", []));

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Reason);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void DecompressionBomb_IsRefusedFromTheHeader(byte bitDepth)
    {
        var bomb = TestImages.PngHeaderOnly(100_000, 100_000, bitDepth);

        var decode = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(bomb));
        var header = Assert.Throws<ImageDecodeException>(() => Decoder.ReadHeader(bomb));

        Assert.Equal(ImageDecodeError.TooLarge, decode.Reason);
        Assert.Equal(ImageDecodeError.TooLarge, header.Reason);
        Assert.Contains("100000x100000", decode.Message);
        Assert.Contains("64000000", decode.Message);
    }

    [Fact]
    public void MaxPixels_IsConfigurable()
    {
        var small = new ImageDecoder(maxPixels: 64 * 64 - 1);

        Assert.Equal(ImageDecodeError.TooLarge, Assert.Throws<ImageDecodeException>(() => small.Decode(SmallPng())).Reason);
        Assert.Equal(64, new ImageDecoder(maxPixels: 64 * 64).Decode(SmallPng()).Width);
    }

    [Fact]
    public void FileErrors_NameTheFile()
    {
        using var directory = new TempDirectory("melo-imaging-");
        string missing = directory.Combine("missing.png");
        string empty = directory.Combine("empty.png");
        File.WriteAllBytes(empty, []);

        var notFound = Assert.Throws<ImageDecodeException>(() => Decoder.DecodeFile(missing));
        var emptyFile = Assert.Throws<ImageDecodeException>(() => Decoder.ReadFileHeader(empty));

        Assert.Equal(ImageDecodeError.Unreadable, notFound.Reason);
        Assert.Equal(missing, notFound.Path);
        Assert.Contains(missing, notFound.Message);
        Assert.Contains("not found", notFound.Message);
        Assert.Equal(ImageDecodeError.Empty, emptyFile.Reason);
        Assert.Contains(empty, emptyFile.Message);
    }
}
