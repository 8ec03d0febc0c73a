using System.Globalization;
using System.Text;

namespace MeLo.Dicom;

/// <summary>
/// One data element: its tag (group in the high 16 bits), VR, and either a value, sequence items, or (for encapsulated
/// Pixel Data) fragments. Values are little endian, as every supported transfer syntax stores them.
/// </summary>
public sealed class DicomElement(uint tag, string vr, ReadOnlyMemory<byte> value, IReadOnlyList<DicomDataset>? items = null, IReadOnlyList<ReadOnlyMemory<byte>>? fragments = null)
{
    public uint Tag { get; } = tag;

    public string Vr { get; } = vr;

    /// <summary>The raw value; empty for sequences and encapsulated Pixel Data.</summary>
    public ReadOnlyMemory<byte> Value { get; } = value;

    /// <summary>The items of a sequence, or null when this is not one.</summary>
    public IReadOnlyList<DicomDataset>? Items { get; } = items;

    /// <summary>Encapsulated Pixel Data: the Basic Offset Table first, then the fragments; null when native.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Fragments { get; } = fragments;

    public ushort Group => (ushort)(Tag >> 16);

    /// <summary>"(gggg,eeee)".</summary>
    public static string FormatTag(uint tag) => $"({tag >> 16:X4},{tag & 0xFFFF:X4})";

    /// <summary>The text of a string VR, without padding.</summary>
    public string Text() => Encoding.Latin1.GetString(Value.Span).TrimEnd(' ', '\0');

    /// <summary>The values of a multi-valued string VR.</summary>
    public string[] Texts() => Text().Split('\\').Select(v => v.Trim(' ', '\0')).ToArray();

    /// <summary>The first value as a number: binary VRs (US, SS, UL, SL, FL, FD) or decimal/integer strings (DS, IS).</summary>
    /// <exception cref="DicomException">The value is empty or not a number.</exception>
    public double Number(int index = 0)
    {
        var span = Value.Span;
        int size = Vr switch { "US" or "SS" => 2, "UL" or "SL" or "FL" => 4, "FD" => 8, _ => 0 };
        if (size > 0)
        {
            if (span.Length < (index + 1) * size)
                throw new DicomException(DicomErrorKind.Malformed, $"{FormatTag(Tag)} {Vr} has no value {index + 1}");
            var at = span[(index * size)..];
            return Vr switch
            {
                "US" => BitConverter.ToUInt16(at),
                "SS" => BitConverter.ToInt16(at),
                "UL" => BitConverter.ToUInt32(at),
                "SL" => BitConverter.ToInt32(at),
                "FL" => BitConverter.ToSingle(at),
                _ => BitConverter.ToDouble(at),
            };
        }

        var texts = Texts();
        if (index < texts.Length && double.TryParse(texts[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return number;
        throw new DicomException(DicomErrorKind.Malformed, $"{FormatTag(Tag)} {Vr} value {index + 1} is not a number");
    }

    /// <summary>How many numbers the element holds.</summary>
    public int NumberCount => Vr switch
    {
        "US" or "SS" => Value.Length / 2,
        "UL" or "SL" or "FL" => Value.Length / 4,
        "FD" => Value.Length / 8,
        _ => Value.IsEmpty ? 0 : Texts().Length,
    };
}
