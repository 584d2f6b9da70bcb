using System.Text.RegularExpressions;

namespace CustomerService.Common;

/// <summary>An email address, trimmed and lower-cased so that uniqueness is case-insensitive.</summary>
public sealed partial record Email
{
    private Email(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, out Email email)
    {
        email = null!;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var candidate = input.Trim().ToLowerInvariant();
        if (candidate.Length > 254 || !Pattern().IsMatch(candidate)) return false;
        var local = candidate[..candidate.IndexOf('@')];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")) return false;
        email = new Email(candidate);
        return true;
    }

    public override string ToString() => Value;

    // Pragmatic RFC 5322 subset: dot-atom local part, a domain of labels with a top-level label of letters.
    [GeneratedRegex(@"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex Pattern();
}
