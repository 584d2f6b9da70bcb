using CustomerService.Common;

namespace CustomerService.Tests.Domain;

/// <summary>The one text rule and the column ranges, at their edges.</summary>
public sealed class InputRuleTests
{
    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\u0001b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009fb")]
    public void TextWithAControlCharacterIsRefused(string value) => Assert.NotNull(Text.Refusal(value));

    [Fact]
    public void TextWithAnUnpairedSurrogateIsRefused()
    {
        // Built here: xUnit would turn a lone surrogate in [InlineData] into U+FFFD on its way to the test.
        foreach (var value in new[] { new string(['a', (char)0xD800, 'b']), new string(['a', (char)0xDC00]), new string([(char)0xD800]), new string([(char)0xDC00, (char)0xD800]) })
            Assert.Contains("unpaired surrogate", Text.Refusal(value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("José O'Neil-Smith")]
    [InlineData("Straße 5, 3º andar")]
    [InlineData("株式会社 🌞 Solar")] // a surrogate pair is one character, not a lone half
    [InlineData("\u00a0non-breaking space\u00a0")]
    [InlineData("")]
    public void PrintableTextPasses(string value) => Assert.Null(Text.Refusal(value));

    [Fact]
    public void ARefusalSaysWhichCharacterAndWhere()
    {
        var errors = new ValidationErrors();
        Text.Required("ab\0", "firstName", "First name", 100, errors);
        Assert.Equal("First name contains a control character (U+0000) at position 3; send a single line of printable text.", errors.ToDictionary()["firstName"].Single());
    }

    [Theory]
    [InlineData(12, 2, "9999999999.99")]
    [InlineData(9, 4, "99999.9999")]
    [InlineData(12, 5, "9999999.99999")]
    [InlineData(14, 3, "99999999999.999")]
    public void TheLargestValueIsTheColumnsOwn(int precision, int scale, string max)
    {
        var column = new DecimalColumn(precision, scale);
        var largest = decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(largest, column.Max);
        Assert.Null(column.Refusal(largest));
        Assert.Null(column.Refusal(-largest));
        Assert.NotNull(column.Refusal(largest + 1m / (decimal)Math.Pow(10, scale)));
    }

    [Theory]
    [InlineData("100000000000000000000")]
    [InlineData("-100000000000000000000")]
    [InlineData("10000000000")]
    [InlineData("12.345")] // a third decimal is refused, not rounded
    [InlineData("0.001")]
    public void MoneyOutOfRangeOrWithMoreDecimalsThanTheColumnKeepsIsRefused(string value) =>
        Assert.NotNull(DecimalColumn.Money.Refusal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
