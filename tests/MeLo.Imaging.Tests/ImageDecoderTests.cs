using SkiaSharp;

namespace MeLo.Imaging.Tests;

public sealed class ImageDecoderTests
{
    private static readonly ImageDecoder Decoder = ImageDecoder.Default;

    private static (byte R, byte G, byte B) Pattern(int x, int y) => ((byte)(x * 17), (byte)(y * 29), (byte)((x * y) + 3));

    [Fact]
    public void Png8Rgb_DecodesExactValues()
    {
        var image = Decoder.Decode(TestImages.EncodeRgb(9, 7, Pattern, SKEncodedImageFormat.Png));

        Assert.Equal((9, 7), (image.Width, image.Height));
        AssertMatches(image, Pattern, tolerance: 0);
    }

    [Fact]
    public void Png8Gray_IsReplicatedToThreeChannels()
    {
        var png = TestImages.EncodeGray(6, 5, (x, y) => (byte)((x * 40) + y), SKEncodedImageFormat.Png);

        var header = Decoder.ReadHeader(png);
        var image = Decoder.Decode(png);

        Assert.Equal(new ImageHeader(ImageFormat.Png, 6, 5, 8, IsGrayscale: true), header);
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                float expected = ((x * 40) + y) / 255f;
                Assert.Equal(expected, image[x, y, 0]);
                Assert.Equal(expected, image[x, y, 1]);
                Assert.Equal(expected, image[x, y, 2]);
            }
        }
    }

    [Fact]
    public void Jpeg_DecodesRgbAndGrayWithinLossyTolerance()
    {
        static (byte, byte, byte) Smooth(int x, int y) => ((byte)(x * 8), (byte)(y * 8), 128);
        var rgb = Decoder.Decode(TestImages.EncodeRgb(32, 24, Smooth, SKEncodedImageFormat.Jpeg, quality: 95));
        var grayJpeg = TestImages.EncodeGray(32, 24, (x, _) => (byte)(x * 8), SKEncodedImageFormat.Jpeg, quality: 95);
        var gray = Decoder.Decode(grayJpeg);

        AssertMatches(rgb, Smooth, tolerance: 0.05f);
        Assert.True(Decoder.ReadHeader(grayJpeg).IsGrayscale);
        Assert.Equal(ImageFormat.Jpeg, Decoder.ReadHeader(grayJpeg).Format);
        AssertMatches(gray, (x, _) => ((byte)(x * 8), (byte)(x * 8), (byte)(x * 8)), tolerance: 0.05f);
    }

    [Fact]
    public void LosslessWebp_DecodesExactValues()
    {
        var webp = TestImages.EncodeLosslessWebp(10, 4, Pattern);

        Assert.Equal(ImageFormat.Webp, Decoder.ReadHeader(webp).Format);
        AssertMatches(Decoder.Decode(webp), Pattern, tolerance: 0);
    }

    [Fact]
    public void Bmp24_DecodesExactValuesTopRowFirst()
    {
        // Width 5 makes each 15-byte row carry one padding byte.
        var bmp = TestImages.Bmp24(5, 3, Pattern);

        var image = Decoder.Decode(bmp);

        Assert.Equal(ImageFormat.Bmp, Decoder.ReadHeader(bmp).Format);
        Assert.Equal((5, 3), (image.Width, image.Height));
        AssertMatches(image, Pattern, tolerance: 0);
    }

    [Fact]
    public void PngAlpha_IsIgnoredAndColourKeptUnpremultiplied()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.SetPixel(0, 0, new SKColor(200, 100, 50, 128));
        bitmap.SetPixel(1, 0, new SKColor(10, 20, 30, 255));
        var png = bitmap.Encode(SKEncodedImageFormat.Png, 100)?.ToArray() ?? throw new InvalidOperationException("PNG encoding failed.");

        var image = Decoder.Decode(png);

        Assert.Equal([200 / 255f, 100 / 255f, 50 / 255f, 10 / 255f, 20 / 255f, 30 / 255f], image.Rgb.ToArray());
    }

    [Fact]
    public void Png16Gray_KeepsAllSixteenBits()
    {
        // Every value 0..65535 once; an 8-bit path would leave at most 256 distinct levels.
        var png = TestImages.Png16(256, 256, 1, (x, y, _) => (ushort)((y * 256) + x));

        var header = Decoder.ReadHeader(png);
        var image = Decoder.Decode(png);

        Assert.Equal(new ImageHeader(ImageFormat.Png, 256, 256, 16, IsGrayscale: true), header);
        var distinct = new HashSet<float>();
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                float expected = ((y * 256) + x) / 65535f;
                Assert.Equal(expected, image[x, y, 0]);
                Assert.Equal(expected, image[x, y, 1]);
                Assert.Equal(expected, image[x, y, 2]);
                distinct.Add(image[x, y, 0]);
            }
        }

        Assert.Equal(65536, distinct.Count);
    }

    [Fact]
    public void Png16Rgb_UnfiltersEveryFilterTypeExactly()
    {
        static ushort Sample(int x, int y, int c) => (ushort)((x * 4099) + (y * 257) + (c * 12345) + 1);
        var png = TestImages.Png16(11, 10, 3, Sample, filterOfRow: row => row % 5);

        var image = Decoder.Decode(png);

        Assert.False(Decoder.ReadHeader(png).IsGrayscale);
        AssertMatches16(image, Sample, colour: true);
    }

    [Fact]
    public void Png16Interlaced_ReassemblesAdam7Passes()
    {
        static ushort Sample(int x, int y, int c) => (ushort)((x * 5000) + (y * 300) + (c * 7));
        var png = TestImages.Png16(13, 11, 3, Sample, filterOfRow: row => (row * 3) % 5, interlaced: true);

        AssertMatches16(Decoder.Decode(png), Sample, colour: true);
    }

    [Fact]
    public void Png16WithAlpha_DropsAlpha()
    {
        static ushort GrayAlpha(int x, int y, int c) => c == 1 ? (ushort)0 : (ushort)((x * 1000) + y);
        static ushort Rgba(int x, int y, int c) => c == 3 ? (ushort)7 : (ushort)((x * 1000) + (y * 10) + c);

        AssertMatches16(Decoder.Decode(TestImages.Png16(4, 3, 2, GrayAlpha)), GrayAlpha, colour: false);
        AssertMatches16(Decoder.Decode(TestImages.Png16(4, 3, 4, Rgba)), Rgba, colour: true);
    }

    [Fact]
    public void DecodeFile_ReadsFilesOfEveryFormat()
    {
        using var directory = new TempDirectory("melo-imaging-");
        var files = new Dictionary<string, byte[]>
        {
            ["a.png"] = TestImages.EncodeRgb(3, 2, Pattern, SKEncodedImageFormat.Png),
            ["b.bmp"] = TestImages.Bmp24(3, 2, Pattern),
            ["c.webp"] = TestImages.EncodeLosslessWebp(3, 2, Pattern),
            ["d.png"] = TestImages.Png16(3, 2, 1, (x, y, _) => (ushort)(x + y)),
        };
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(directory.Combine(name), bytes);
        }

        foreach (var name in files.Keys)
        {
            string path = directory.Combine(name);
            Assert.Equal((3, 2), (Decoder.DecodeFile(path).Width, Decoder.DecodeFile(path).Height));
            Assert.Equal(3, Decoder.ReadFileHeader(path).Width);
        }
    }

    private static void AssertMatches(DecodedImage image, Func<int, int, (byte R, byte G, byte B)> expected, float tolerance)
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                var (r, g, b) = expected(x, y);
                Assert.Equal(r / 255f, image[x, y, 0], tolerance);
                Assert.Equal(g / 255f, image[x, y, 1], tolerance);
                Assert.Equal(b / 255f, image[x, y, 2], tolerance);
            }
        }
    }

    private static void AssertMatches16(DecodedImage image, Func<int, int, int, ushort> sample, bool colour)
    {
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(sample(x, y, colour ? c : 0) / 65535f, image[x, y, c]);
                }
            }
        }
    }
}
