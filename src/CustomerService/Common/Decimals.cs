namespace CustomerService.Common;

public static class Decimals
{
    /// <summary>Drops trailing zeros a numeric(p,s) column adds (11.9000 → 11.9), so JSON shows the value as written.</summary>
    public static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Dollars with exactly two decimals (150 → 150.00).</summary>
    public static decimal Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
