namespace MeLo.Data.Tests;

public sealed class LabelMappingTests
{
    [Fact]
    public void Parse_MapsBiradsToTwoClasses()
    {
        var mapping = LabelMapping.Parse(" 1, 2,3 = non-malignant ; *=malignant;");

        Assert.Equal("non-malignant", mapping.Map("2"));
        Assert.Equal("non-malignant", mapping.Map(" 3 "));
        Assert.Equal("malignant", mapping.Map("4a"));
        Assert.Equal("malignant", mapping.Map("6"));
        Assert.Equal("1,2,3=non-malignant;*=malignant", mapping.ToString());
    }

    [Fact]
    public void Map_PassesUnnamedLabelsThroughWithoutAWildcard()
    {
        var mapping = LabelMapping.Parse("TB=tb");

        Assert.Equal("tb", mapping.Map("TB"));
        Assert.Equal("normal", mapping.Map("normal"));
        Assert.Null(mapping.Fallback);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,2")]
    [InlineData("1=")]
    [InlineData("1,,2=x")]
    [InlineData("1=x;1=y")]
    [InlineData("*=x;*=y")]
    [InlineData("a=b=c")]
    public void Parse_RejectsMalformedSpecifications(string specification)
    {
        Assert.Throws<FormatException>(() => LabelMapping.Parse(specification));
    }
}
