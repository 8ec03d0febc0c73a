namespace MeLo.Data;

/// <summary>One data row of a CSV file.</summary>
/// <param name="LineNumber">1-based line on which the row starts, for error messages.</param>
public sealed record CsvRecord(int LineNumber, IReadOnlyList<string> Fields)
{
    /// <summary>The field at <paramref name="column"/>, or "" when the row is shorter (trailing empty fields are often left out).</summary>
    public string this[int column] => column < Fields.Count ? Fields[column] : "";
}
