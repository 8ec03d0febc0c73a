using System.Text;
using nietras.SeparatedValues;

namespace MeLo.Data;

/// <summary>
/// A CSV file read as RFC 4180 (parsed by Sep): fields may be quoted, and quoted fields may hold delimiters, doubled
/// quotes and line breaks. The first row is the header; blank lines are ignored. Rows may have fewer or more fields than
/// the header (NIH's Data_Entry_2017.csv header has an extra trailing comma).
/// </summary>
public sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<CsvRecord> records)
    {
        Header = header;
        Records = records;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRecord> Records { get; }

    /// <exception cref="FormatException">The file is empty or a quoted field is not closed.</exception>
    public static CsvTable Read(string path, char delimiter = ',')
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, delimiter);
    }

    /// <exception cref="FormatException">The text is empty or a quoted field is not closed.</exception>
    public static CsvTable Parse(TextReader reader, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentOutOfRangeException(nameof(delimiter), delimiter, "The delimiter cannot be a quote or a line break.");
        }

        using var csv = new Sep(delimiter).Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).From(reader);
        var rows = new List<CsvRecord>();
        foreach (var row in csv)
        {
            // Checked before the fields are read (unescaping rewrites the row in place). A row can only end with an odd
            // number of quotes when a quoted field runs to the end of the text.
            if (row.Span.Count('"') % 2 == 1)
            {
                throw new FormatException($"CSV line {row.LineNumberFrom}: a quoted field is not closed before the end of the file.");
            }

            var fields = new string[row.ColCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = row[i].ToString();
            }

            if (fields.Length > 1 || fields[0].Trim().Length > 0)
            {
                rows.Add(new CsvRecord(row.LineNumberFrom, fields));
            }
        }

        if (rows.Count == 0)
        {
            throw new FormatException("CSV has no header row.");
        }

        return new CsvTable(rows[0].Fields, rows.Skip(1).ToList());
    }

    /// <summary>The column's index: an exact match, else the only case-insensitive match; -1 when there is none.</summary>
    public int FindColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = Header.Select(h => h.Trim()).ToList();
        int exact = names.IndexOf(name);
        if (exact >= 0)
        {
            return exact;
        }

        var matches = Enumerable.Range(0, names.Count).Where(i => string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : -1;
    }
}
