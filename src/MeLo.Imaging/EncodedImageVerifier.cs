using System.Buffers.Binary;
using System.IO.Hashing;

namespace MeLo.Imaging;

/// <summary>
/// Checks that an encoded image is whole before it is decoded: codecs happily fill a cut image with grey and report
/// success, and for a medical image a partial picture must be refused. PNG: every chunk complete with a correct CRC,
/// IHDR first, IDAT present, IEND last. JPEG: ends with its EOI marker. WebP: the RIFF size matches. BMP: the file size
/// in its header matches.
/// </summary>
internal static class EncodedImageVerifier
{
    private const int PngSignatureLength = 8;

    public static void Verify(ReadOnlySpan<byte> data, ImageFormat format)
    {
        switch (format)
        {
            case ImageFormat.Png:
                VerifyPng(data);
                break;
            case ImageFormat.Jpeg:
                if (data.Length < 4 || data[^2] != 0xFF || data[^1] != 0xD9)
                {
                    throw new ImageDecodeException(ImageDecodeError.Truncated, "JPEG data ends before its end-of-image marker");
                }

                break;
            case ImageFormat.Webp:
                if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) + 8L != data.Length)
                {
                    throw new ImageDecodeException(ImageDecodeError.Truncated, "WebP data length does not match its RIFF header");
                }

                break;
            case ImageFormat.Bmp:
                // Some writers leave the size field 0; a non-zero one must match.
                if (data.Length < 6 || BinaryPrimitives.ReadUInt32LittleEndian(data[2..]) is var size && size != 0 && size != data.Length)
                {
                    throw new ImageDecodeException(ImageDecodeError.Truncated, "BMP data length does not match its header");
                }

                break;
        }
    }

    private static void VerifyPng(ReadOnlySpan<byte> png)
    {
        int offset = PngSignatureLength;
        bool first = true;
        bool imageData = false;
        while (true)
        {
            var chunk = PngChunk.ReadAt(png, offset);
            if (Crc32.HashToUInt32(chunk.TypeAndData) != chunk.Crc)
            {
                throw new ImageDecodeException(ImageDecodeError.Corrupt, $"PNG {PngChunk.NameOf(chunk.Type)} chunk fails its CRC check");
            }

            if (first && !chunk.Is("IHDR"u8))
            {
                throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG does not start with its IHDR chunk");
            }

            first = false;
            imageData |= chunk.Is("IDAT"u8);
            offset = chunk.Next;
            if (chunk.Is("IEND"u8))
            {
                break;
            }
        }

        if (!imageData)
        {
            throw new ImageDecodeException(ImageDecodeError.Corrupt, "PNG has no image data (IDAT)");
        }
    }
}
