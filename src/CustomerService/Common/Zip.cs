namespace CustomerService.Common;

/// <summary>A five-digit US ZIP code.</summary>
public sealed record Zip
{
    private Zip(string value) => Value = value;

    public string Value { get; }

    /// <summary>The sectional center facility prefix, which is how TDSP territories are looked up.</summary>
    public string Prefix => Value[..3];

    public static bool TryParse(string? input, out Zip zip)
    {
        zip = null!;
        if (input is null) return false;
        var candidate = input.Trim();
        if (candidate.Length != 5 || !candidate.All(char.IsAsciiDigit)) return false;
        zip = new Zip(candidate);
        return true;
    }

    /// <summary>Parses a ZIP already validated with <see cref="TryParse"/>.</summary>
    public static Zip Parse(string? input) =>
        TryParse(input, out var zip) ? zip : throw new FormatException("Not a 5-digit ZIP code.");

    public override string ToString() => Value;
}
