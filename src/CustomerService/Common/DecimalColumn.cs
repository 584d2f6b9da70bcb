using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Common;

/// <summary>
/// A numeric(precision, scale) column: the one place the limits of money, rates and kWh are written down. The EF
/// configurations declare their columns with these, and the edges check what they accept against the same values,
/// so a number is refused with a 400 before it could overflow a column (PostgreSQL's 22003) or be rounded by one.
/// </summary>
public sealed record DecimalColumn(int Precision, int Scale)
{
    /// <summary>Dollars: bills, payments, fees and charges.</summary>
    public static readonly DecimalColumn Money = new(12, 2);

    /// <summary>A plan's or contract's price per kWh, in dollars.</summary>
    public static readonly DecimalColumn PlanRate = new(9, 4);

    /// <summary>Benchmark and customer tariff rates and standing charges.</summary>
    public static readonly DecimalColumn TariffRate = new(12, 5);

    /// <summary>A meter's cumulative register reading.</summary>
    public static readonly DecimalColumn Kwh = new(14, 3);

    /// <summary>The largest magnitude the column holds: 9,999,999,999.99 for numeric(12,2).</summary>
    public decimal Max { get; } = Pow10(Precision - Scale) - 1m / Pow10(Scale);

    /// <summary>
    /// Why <paramref name="value"/> does not fit the column, or null. More decimals than the column keeps are refused,
    /// not rounded: the sender's system holds the exact figure, and a silently changed amount is worse than a 400.
    /// </summary>
    public string? Refusal(decimal value) =>
        Math.Abs(value) > Max ? $"is at most {Max.ToString(System.Globalization.CultureInfo.InvariantCulture)} in magnitude."
        : decimal.Round(value, Scale) != value ? $"has at most {Scale} decimal places."
        : null;

    /// <summary>Adds the refusal of a present value under <paramref name="path"/>, unless that field already has an error.</summary>
    public void Check(decimal? value, string path, string label, ValidationErrors errors)
    {
        if (value is { } v && !errors.Has(path) && Refusal(v) is { } why) errors.Add(path, $"{label} {why}");
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++) result *= 10m;
        return result;
    }
}

public static class DecimalColumnConfiguration
{
    public static PropertyBuilder<T> HasPrecision<T>(this PropertyBuilder<T> property, DecimalColumn column) =>
        property.HasPrecision(column.Precision, column.Scale);
}
