using System.Text;
using SkiaSharp;

namespace MeLo.Cli.Tests;

/// <summary>
/// DICOM test files: pydicom's test files (Debian python3-pydicom), variants made from them with Debian's dcmtk, and
/// hand-built files for hostile structures. Also runs the pydicom reference renderer. Fails, never skips, without them.
/// </summary>
internal sealed class DicomSamples : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    readonly TempDirectory _folder = new("melo-dicom-");

    public string Folder => _folder.Path;

    public static string Pydicom(string name)
    {
        var path = Path.Combine(PydicomFiles, name);
        Assert.True(File.Exists(path), $"{path} is missing: install python3-pydicom (apt).");
        return path;
    }

    public string PathOf(string name) => _folder.Combine(name);

    /// <summary>Runs a dcmtk tool (or any program) and fails the test on a non-zero exit.</summary>
    public static string Run(string program, params string[] arguments) => ExternalProgram.Run(program, arguments, "dcmtk and python3-pydicom (apt)");

    /// <summary>A copy of <paramref name="source"/> passed through a dcmtk tool, e.g. ("dcmconv", "+ti").</summary>
    public string Converted(string source, string name, string tool, params string[] options)
    {
        var target = PathOf(name);
        Run(tool, [.. options, source, target]);
        return target;
    }

    /// <summary>A copy of <paramref name="source"/> with dcmodify edits, e.g. "-m", "(0028,0004)=MONOCHROME1".</summary>
    public string Modified(string source, string name, params string[] edits)
    {
        var target = PathOf(name);
        File.Copy(source, target, overwrite: true);
        Run("dcmodify", ["-nb", .. edits, target]);
        return target;
    }

    /// <summary>A JPEG Baseline DICOM made by img2dcm from a JPEG that Skia encodes (gray or colour gradient).</summary>
    public string JpegBaseline(string name, bool gray)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(48, 40, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 48; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 5), (byte)(y * 6), (byte)((x + y) * 3)));
        var jpeg = PathOf(name + ".jpg");
        using (var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90))
            File.WriteAllBytes(jpeg, data.ToArray());
        var target = PathOf(name);
        Run("img2dcm", ["-i", "JPEG", jpeg, target]);
        return target;
    }

    /// <summary>pydicom's rendering (tests/MeLo.Cli.Tests/python/dicom_reference.py): width, height, channels, bytes.</summary>
    public (int Width, int Height, int Channels, byte[] Pixels) Reference(string dicom)
    {
        var output = PathOf(Path.GetFileName(dicom) + ".reference");
        Run(Python, Path.Combine(AppContext.BaseDirectory, "python", "dicom_reference.py"), dicom, output);
        var bytes = File.ReadAllBytes(output);
        int newline = Array.IndexOf(bytes, (byte)'\n');
        var header = Encoding.ASCII.GetString(bytes, 0, newline).Split(' ').Select(int.Parse).ToArray();
        return (header[0], header[1], header[2], bytes[(newline + 1)..]);
    }

    /// <summary>A Part 10 file in Explicit VR Little Endian (or <paramref name="transferSyntax"/>) whose data set is <paramref name="body"/>.</summary>
    public static byte[] Part10(byte[] body, string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var file = new List<byte>(new byte[128]);
        file.AddRange("DICM"u8.ToArray());
        var uid = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax);
        file.AddRange(Element(0x0002, 0x0010, "UI", uid));
        file.AddRange(body);
        return [.. file];
    }

    /// <summary>One Explicit VR Little Endian element with a short (2-byte) or long (4-byte) length as its VR requires.</summary>
    public static byte[] Element(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes(group));
        bytes.AddRange(BitConverter.GetBytes(element));
        bytes.AddRange(Encoding.ASCII.GetBytes(vr));
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            bytes.AddRange(new byte[2]);
            bytes.AddRange(BitConverter.GetBytes(length ?? (uint)value.Length));
        }
        else
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)(length ?? (uint)value.Length)));
        }

        bytes.AddRange(value);
        return [.. bytes];
    }

    public static byte[] UInt16(ushort value) => BitConverter.GetBytes(value);

    /// <summary>The pixel module of a 4x4 8-bit MONOCHROME2 image, without Pixel Data.</summary>
    public static byte[] PixelModule(ushort rows = 4, ushort columns = 4) =>
    [
        .. Element(0x0028, 0x0002, "US", UInt16(1)),
        .. Element(0x0028, 0x0004, "CS", "MONOCHROME2 "u8.ToArray()),
        .. Element(0x0028, 0x0010, "US", UInt16(rows)),
        .. Element(0x0028, 0x0011, "US", UInt16(columns)),
        .. Element(0x0028, 0x0100, "US", UInt16(8)),
        .. Element(0x0028, 0x0101, "US", UInt16(8)),
        .. Element(0x0028, 0x0102, "US", UInt16(7)),
        .. Element(0x0028, 0x0103, "US", UInt16(0)),
    ];

    public void Dispose() => _folder.Dispose();
}
