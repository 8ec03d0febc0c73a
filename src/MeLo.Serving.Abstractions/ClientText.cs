namespace MeLo.Serving.Abstractions;

/// <summary>
/// The one way error messages quote text a client sent, on the gateway and on the silos: at most
/// <see cref="MaxQuotedLength"/> characters, control characters escaped, so that a 100 KB string is never echoed back.
/// </summary>
public static class ClientText
{
    public const int MaxQuotedLength = 64;

    /// <summary>Client text as an error message may show it, in quotes.</summary>
    public static string Quote(string? text)
    {
        if (text is null)
            return "(none)";
        var escaped = Escape(text);
        return text.Length > MaxQuotedLength ? $"'{escaped}…' ({text.Length} characters)" : $"'{escaped}'";
    }

    /// <summary>A message that may embed client text (e.g. a parser's complaint about a file), cut to
    /// <see cref="MaxQuotedLength"/> characters.</summary>
    public static string Clip(string text) => text.Length > MaxQuotedLength ? Escape(text) + "…" : Escape(text);

    static string Escape(string text)
    {
        var shown = text.Length > MaxQuotedLength ? text[..MaxQuotedLength] : text;
        return string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
