using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace MeLo.Imaging;

/// <summary>
/// Decodes an image row by row and box-averages blocks of factor x factor pixels as the rows arrive, so an image far
/// larger than its target never exists at full resolution: memory is one pooled row plus the reduced image (formats
/// Skia decodes only whole, such as PNG, cost their 4-byte RGBA pixels instead, never full-size floats).
/// </summary>
internal static class ScanlineReducer
{
    public static DecodedImage Decode(SKCodec codec, ImageHeader header, int factor)
    {
        int width = header.Width;
        int height = header.Height;
        int outWidth = (width + factor - 1) / factor;
        int outHeight = (height + factor - 1) / factor;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var sums = new float[(long)outWidth * outHeight * 3];
        var start = codec.StartScanlineDecode(info);
        if (start == SKCodecResult.Unimplemented)
        {
            // Skia decodes some formats (PNG) only whole: reduce from its 4-byte pixels, never from full-size floats.
            ReduceWhole(codec, header, factor, info, sums, outWidth);
        }
        else
        {
            ThrowOnFailure(start, header);
            ReduceScanlines(codec, header, factor, sums, outWidth);
        }

        for (int oy = 0; oy < outHeight; oy++)
        {
            int rows = Math.Min(factor, height - (oy * factor));
            for (int ox = 0; ox < outWidth; ox++)
            {
                float scale = 1f / (rows * Math.Min(factor, width - (ox * factor)) * 255f);
                long at = (((long)oy * outWidth) + ox) * 3;
                sums[at] *= scale;
                sums[at + 1] *= scale;
                sums[at + 2] *= scale;
            }
        }

        return new DecodedImage(outWidth, outHeight, sums);
    }

    private static void ReduceScanlines(SKCodec codec, ImageHeader header, int factor, float[] sums, int outWidth)
    {
        int rowBytes = header.Width * 4;
        byte[] row = ArrayPool<byte>.Shared.Rent(rowBytes);
        var handle = GCHandle.Alloc(row, GCHandleType.Pinned);
        try
        {
            for (int line = 0; line < header.Height; line++)
            {
                if (codec.GetScanlines(handle.AddrOfPinnedObject(), 1, rowBytes) != 1)
                {
                    throw new ImageDecodeException(ImageDecodeError.Truncated, $"{header.Format} image data ends early");
                }

                int y = codec.GetOutputScanline(line);
                AddRow(row.AsSpan(0, rowBytes), sums.AsSpan((y / factor) * outWidth * 3, outWidth * 3), factor);
            }
        }
        finally
        {
            handle.Free();
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    private static void ReduceWhole(SKCodec codec, ImageHeader header, int factor, SKImageInfo info, float[] sums, int outWidth)
    {
        using var bitmap = new SKBitmap(info);
        ThrowOnFailure(codec.GetPixels(info, bitmap.GetPixels()), header);
        var rgba = bitmap.GetPixelSpan();
        int rowBytes = header.Width * 4;
        for (int y = 0; y < header.Height; y++)
        {
            AddRow(rgba.Slice(y * bitmap.RowBytes, rowBytes), sums.AsSpan((y / factor) * outWidth * 3, outWidth * 3), factor);
        }
    }

    private static void ThrowOnFailure(SKCodecResult result, ImageHeader header)
    {
        switch (result)
        {
            case SKCodecResult.Success:
                return;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(ImageDecodeError.Truncated, $"{header.Format} image data ends early");
            default:
                throw new ImageDecodeException(ImageDecodeError.Corrupt, $"{header.Format} image data is invalid ({result})");
        }
    }

    private static void AddRow(ReadOnlySpan<byte> rgba, Span<float> sums, int factor)
    {
        int width = rgba.Length / 4;
        for (int x = 0; x < width; x++)
        {
            int target = (x / factor) * 3;
            sums[target] += rgba[x * 4];
            sums[target + 1] += rgba[(x * 4) + 1];
            sums[target + 2] += rgba[(x * 4) + 2];
        }
    }
}
