namespace CustomerService.Common;

public static class UsStates
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
        "AS", "GU", "MP", "PR", "VI", "AA", "AE", "AP",
    };

    /// <summary>The states where this retailer holds a licence to serve electricity (ERCOT: Texas).</summary>
    public static readonly IReadOnlySet<string> Served = new HashSet<string>(StringComparer.Ordinal) { "TX" };

    public static bool IsValid(string? code) => code is not null && Codes.Contains(code.Trim().ToUpperInvariant());
}
