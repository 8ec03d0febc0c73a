using System.Text;

namespace MeLo.Data;

/// <summary>
/// A CSV file read as RFC 4180: fields may be quoted, and quoted fields may hold delimiters, doubled quotes and
/// line breaks. The first row is the header; blank lines are ignored. Rows may have fewer or more fields than
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

        var rows = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, rowStart = 1;
        bool quoted = false, fieldWasQuoted = false;
        int next;
        while ((next = reader.Read()) != -1)
        {
            char c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0 && !fieldWasQuoted)
            {
                quoted = fieldWasQuoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldWasQuoted = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                EndRow();
                line++;
                rowStart = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"CSV line {rowStart}: a quoted field is not closed before the end of the file.");
        }

        EndRow();
        if (rows.Count == 0)
        {
            throw new FormatException("CSV has no header row.");
        }

        return new CsvTable(rows[0].Fields, rows.Skip(1).ToList());

        void EndRow()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
            if (fields.Count > 1 || fields[0].Trim().Length > 0)
            {
                rows.Add(new CsvRecord(rowStart, fields.ToArray()));
            }

            fields.Clear();
        }
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
