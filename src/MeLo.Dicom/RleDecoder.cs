using System.Buffers.Binary;

namespace MeLo.Dicom;

/// <summary>
/// RLE Lossless frames (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte plane,
/// most significant byte first for each sample. Output is native layout: little-endian samples, colour-by-pixel.
/// </summary>
internal static class RleDecoder
{
    public static byte[] Decode(ReadOnlySpan<byte> frame, int rows, int columns, int samples, int bytesPerSample)
    {
        if (frame.Length < 64)
            throw new DicomException(DicomErrorKind.Truncated, $"an RLE frame is {frame.Length} bytes, shorter than its 64-byte header");
        int segments = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame);
        int expected = samples * bytesPerSample;
        if (segments != expected)
            throw new DicomException(DicomErrorKind.Malformed, $"the RLE header lists {segments} segments; {samples} samples of {bytesPerSample} bytes need {expected}");

        int planeSize = rows * columns;
        var output = new byte[(long)planeSize * expected];
        var plane = new byte[planeSize];
        for (int segment = 0; segment < segments; segment++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (segment * 4))..]);
            uint end = segment + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + (segment * 4))..]) : (uint)frame.Length;
            if (start < 64 || end > frame.Length || start > end)
                throw new DicomException(DicomErrorKind.Malformed, $"RLE segment {segment + 1} has invalid offsets ({start}..{end} in {frame.Length} bytes)");
            DecodeSegment(frame[(int)start..(int)end], plane, segment + 1);

            // Segment order per sample: most significant byte first; native little endian puts it last.
            int sample = segment / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
            int stride = expected;
            int offset = (sample * bytesPerSample) + byteInSample;
            for (int pixel = 0; pixel < planeSize; pixel++)
                output[((long)pixel * stride) + offset] = plane[pixel];
        }

        return output;
    }

    private static void DecodeSegment(ReadOnlySpan<byte> segment, byte[] plane, int number)
    {
        int written = 0, read = 0;
        while (written < plane.Length && read < segment.Length)
        {
            sbyte header = (sbyte)segment[read++];
            if (header >= 0)
            {
                int count = header + 1;
                if (read + count > segment.Length || written + count > plane.Length)
                    throw new DicomException(DicomErrorKind.Malformed, $"RLE segment {number} has a literal run past its end");
                segment.Slice(read, count).CopyTo(plane.AsSpan(written));
                read += count;
                written += count;
            }
            else if (header != -128)
            {
                int count = 1 - header;
                if (read >= segment.Length || written + count > plane.Length)
                    throw new DicomException(DicomErrorKind.Malformed, $"RLE segment {number} has a repeat run past its end");
                plane.AsSpan(written, count).Fill(segment[read++]);
                written += count;
            }
        }

        if (written < plane.Length)
            throw new DicomException(DicomErrorKind.Truncated, $"RLE segment {number} decodes to {written} of {plane.Length} bytes");
    }
}
