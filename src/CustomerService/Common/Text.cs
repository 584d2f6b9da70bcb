namespace CustomerService.Common;

/// <summary>
/// The one rule for text this service accepts, wherever it comes from (JSON bodies, portal forms, query-interface
/// writes, query strings): no control character (C0 including NUL, tab and line breaks, DEL, C1) and no unpaired
/// surrogate. PostgreSQL cannot store NUL, and every text field here is a single line that no customer types such
/// characters into. A value breaking the rule is refused, never stripped: what is stored is what was sent.
/// </summary>
public static class Text
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Why <paramref name="value"/> breaks the rule, in words for the sender; null when it keeps it.</summary>
    public static string? Refusal(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return $"contains an unpaired surrogate (U+{(int)c:X4}) at position {i + 1}; send valid Unicode text.";
            if (char.IsControl(c))
                return $"contains a control character (U+{(int)c:X4}) at position {i + 1}; send a single line of printable text.";
        }
        return null;
    }

    public static bool IsAcceptable(string value) => Refusal(value) is null;

    public static void Required(string? value, string path, string label, int maxLength, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(path, $"{label} is required.");
        else Check(value, path, label, maxLength, errors);
    }

    public static void Optional(string? value, string path, string label, int maxLength, ValidationErrors errors)
    {
        if (value is not null) Check(value, path, label, maxLength, errors);
    }

    /// <summary>The rule and the column's length, for a value that is present.</summary>
    public static void Check(string value, string path, string label, int maxLength, ValidationErrors errors)
    {
        if (Refusal(value) is { } why) errors.Add(path, $"{label} {why}");
        else if (value.Trim().Length > maxLength) errors.Add(path, $"{label} must be at most {maxLength} characters.");
    }
}
