using System.Text.RegularExpressions;

namespace CustomerService.Common;

/// <summary>A US employer identification number in its printed form NN-NNNNNNN.</summary>
public sealed partial record Ein
{
    private Ein(string value) => Value = value;

    public string Value { get; }

    /// <summary>The form shown outside a data-protection export: only the last four digits.</summary>
    public string Masked => "**-***" + Value[^4..];

    public static bool TryParse(string? input, out Ein ein)
    {
        ein = null!;
        if (input is null) return false;
        var candidate = input.Trim();
        if (!Pattern().IsMatch(candidate)) return false;
        ein = new Ein(candidate);
        return true;
    }

    public static string Mask(string value) => "**-***" + value[^4..];

    public override string ToString() => Masked;

    [GeneratedRegex(@"^\d{2}-\d{7}$")]
    private static partial Regex Pattern();
}
