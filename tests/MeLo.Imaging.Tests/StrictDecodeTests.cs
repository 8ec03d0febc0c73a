using SkiaSharp;

namespace MeLo.Imaging.Tests;

/// <summary>Hostile images: incomplete or corrupt data is refused, limits are checked from the header, and large images
/// are reduced while decoding instead of being held at full resolution.</summary>
public sealed class StrictDecodeTests
{
    private static readonly ImageDecoder Decoder = ImageDecoder.Default;

    private static byte[] Png(int size = 64) =>
        TestImages.EncodeRgb(size, size, (x, y) => ((byte)(x * 3), (byte)(y ^ x), (byte)(x * y)), SKEncodedImageFormat.Png);

    [Fact]
    public void PngWithoutIend_IsTruncated()
    {
        var png = Png();

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png.AsSpan(0, png.Length - 12)));

        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
        Assert.Contains("IEND", error.Message);
    }

    [Fact]
    public void PngWithABadChunkCrc_IsCorrupt()
    {
        var png = Png();
        png[^20] ^= 0x55; // inside the last IDAT's data

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(png));

        Assert.Equal(ImageDecodeError.Corrupt, error.Reason);
        Assert.Contains("CRC", error.Message);
    }

    [Fact]
    public void PngWithoutImageData_IsCorrupt()
    {
        var header = TestImages.Png16(4, 4, 1, (x, _, _) => (ushort)x).AsSpan(16, 13).ToArray();

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(TestImages.PngFromChunks(("IHDR", header), ("IEND", []))));

        Assert.Equal(ImageDecodeError.Corrupt, error.Reason);
    }

    [Fact]
    public void JpegWithoutEndMarker_IsTruncated()
    {
        var jpeg = TestImages.EncodeRgb(64, 64, (x, y) => ((byte)x, (byte)y, 0), SKEncodedImageFormat.Jpeg, 90);

        var error = Assert.Throws<ImageDecodeException>(() => Decoder.Decode(jpeg.AsSpan(0, jpeg.Length - 2)));

        Assert.Equal(ImageDecodeError.Truncated, error.Reason);
    }

    [Fact]
    public void WebpWithAWrongRiffLength_IsTruncated()
    {
        var webp = TestImages.EncodeLosslessWebp(32, 32, (x, y) => ((byte)x, (byte)y, 0));

        Assert.Equal(ImageDecodeError.Truncated, Assert.Throws<ImageDecodeException>(() => Decoder.Decode(webp.AsSpan(0, webp.Length - 1))).Reason);
    }

    [Theory]
    [InlineData(200, 100, 1000, 0, 0, 0, "bytes")]
    [InlineData(5000, 100, 0, 4000, 0, 0, "per side")]
    [InlineData(3000, 3000, 0, 0, 8_000_000, 0, "over the limit")]
    [InlineData(4000, 100, 0, 0, 0, 8, "aspect ratio")]
    public void InputLimits_AreCheckedFromTheHeader(int width, int height, long maxBytes, int maxSide, long maxPixels, double maxRatio, string message)
    {
        var limits = new ImageInputLimits();
        limits = limits with
        {
            MaxBytes = maxBytes > 0 ? maxBytes : limits.MaxBytes,
            MaxPixelsPerSide = maxSide > 0 ? maxSide : limits.MaxPixelsPerSide,
            MaxPixels = maxPixels > 0 ? maxPixels : limits.MaxPixels,
            MaxAspectRatio = maxRatio > 0 ? maxRatio : limits.MaxAspectRatio,
        };
        var bomb = TestImages.PngHeaderOnly(width, height, 8);
        if (maxBytes > 0)
        {
            Array.Resize(ref bomb, (int)maxBytes + 1);
        }

        var decoder = new ImageDecoder(limits);
        var header = Assert.Throws<ImageDecodeException>(() => decoder.ReadHeader(bomb));
        var decode = Assert.Throws<ImageDecodeException>(() => decoder.Decode(bomb, 64));

        Assert.Equal(ImageDecodeError.TooLarge, header.Reason);
        Assert.Equal(ImageDecodeError.TooLarge, decode.Reason);
        Assert.Contains(message, decode.Message);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    public void LargeImages_AreReducedWhileDecoding_AndTensoriseAsAFullDecodeDoes(SKEncodedImageFormat format)
    {
        // Smooth content: box-averaging first and resizing after must agree with resizing the full image.
        var image = TestImages.EncodeRgb(1030, 1024, (x, y) => ((byte)(x / 5), (byte)(y / 5), (byte)((x + y) / 10)), format, 95);
        var preprocessing = new ImagePreprocessing(64, new RgbValues(0.5f, 0.5f, 0.5f), new RgbValues(0.25f, 0.25f, 0.25f));

        var reduced = Decoder.Decode(image, targetSize: 64);
        var full = Decoder.Decode(image);

        Assert.Equal((129, 128), (reduced.Width, reduced.Height)); // factor 8 = 1024 / (2 * 64), the last column partial
        var expected = ImageTensorizer.ToTensor(full, preprocessing);
        var actual = ImageTensorizer.ToTensor(reduced, preprocessing);
        Assert.True(expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second)) < 0.05f);
    }

    [Fact]
    public void SmallImages_AreDecodedAtFullResolution()
    {
        Assert.Equal(200, Decoder.Decode(Png(200), targetSize: 64).Width);
    }

    [Fact]
    public void DecodeEstimate_OfABombReducedForASmallTarget_HoldsNoFullSizeFloats()
    {
        var header = new ImageHeader(ImageFormat.Png, 8000, 8000, 8, IsGrayscale: true);

        // At worst Skia's RGBA pixels (PNG decodes only whole), never 12-byte floats per full-size pixel.
        Assert.InRange(ImageDecoder.EstimateDecodeBytes(header, 200_000, 64), 256_000_000, 260_000_000);
        Assert.True(ImageDecoder.EstimateDecodeBytes(header, 200_000, null) > 1_000_000_000);
    }
}
