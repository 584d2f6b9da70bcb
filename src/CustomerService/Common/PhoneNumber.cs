namespace CustomerService.Common;

/// <summary>A North American number: 10 digits (an optional leading country code 1 is accepted), stored as (555) 123-4567.</summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string digits) => Digits = digits;

    public string Digits { get; }

    public string Formatted => $"({Digits[..3]}) {Digits[3..6]}-{Digits[6..]}";

    public static bool TryParse(string? input, out PhoneNumber phone)
    {
        phone = null!;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var digits = new System.Text.StringBuilder(11);
        foreach (var c in input)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is not (' ' or '(' or ')' or '-' or '.' or '+' or '/')) return false;
        }
        var value = digits.ToString();
        if (value.Length == 11 && value[0] == '1') value = value[1..];
        if (value.Length != 10) return false;
        phone = new PhoneNumber(value);
        return true;
    }

    public override string ToString() => Formatted;
}
