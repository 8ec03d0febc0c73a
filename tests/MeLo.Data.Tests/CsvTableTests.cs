namespace MeLo.Data.Tests;

public sealed class CsvTableTests
{
    [Fact]
    public void Parse_HandlesQuotesDelimitersLineBreaksAndBlankLines()
    {
        const string text = "path,label,note\r\n\"a, b.png\",x,\"say \"\"hi\"\"\"\r\n\r\nc.png,y,\"two\nlines\"\nd.png,z\n";

        var table = CsvTable.Parse(new StringReader(text));

        Assert.Equal(["path", "label", "note"], table.Header);
        Assert.Equal(3, table.Records.Count);
        Assert.Equal(["a, b.png", "x", "say \"hi\""], table.Records[0].Fields);
        Assert.Equal(2, table.Records[0].LineNumber);
        Assert.Equal(["c.png", "y", "two\nlines"], table.Records[1].Fields);
        Assert.Equal(4, table.Records[1].LineNumber);
        Assert.Equal(6, table.Records[2].LineNumber);
        Assert.Equal("", table.Records[2][2]);
    }

    [Fact]
    public void Parse_UsesTheGivenDelimiter()
    {
        var table = CsvTable.Parse(new StringReader("a;b\n\"1;2\";3\n"), ';');

        Assert.Equal(["1;2", "3"], table.Records[0].Fields);
    }

    [Fact]
    public void Parse_RejectsAnUnclosedQuoteAndEmptyText()
    {
        var unclosed = Assert.Throws<FormatException>(() => CsvTable.Parse(new StringReader("a,b\n1,\"open\n")));

        Assert.Contains("line 2", unclosed.Message);
        Assert.Throws<FormatException>(() => CsvTable.Parse(new StringReader("\n\n")));
    }

    [Fact]
    public void FindColumn_PrefersExactThenUniqueCaseInsensitiveMatch()
    {
        var table = CsvTable.Parse(new StringReader("Path, Label ,label,Group\n"));

        Assert.Equal(0, table.FindColumn("Path"));
        Assert.Equal(0, table.FindColumn("path"));
        Assert.Equal(2, table.FindColumn("label"));
        Assert.Equal(1, table.FindColumn("Label"));
        Assert.Equal(-1, table.FindColumn("LABEL"));
        Assert.Equal(-1, table.FindColumn("missing"));
    }
}
