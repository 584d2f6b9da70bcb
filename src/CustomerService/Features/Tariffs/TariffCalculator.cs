namespace CustomerService.Features.Tariffs;

/// <summary>DESIGN.md section 2: computed = benchmark × (1 − basis points / 10000), truncated (not rounded) to 5 decimal places.</summary>
public static class TariffCalculator
{
    public const int MaxBasisPoints = 10_000;

    public static decimal Discounted(decimal benchmark, int basisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(basisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basisPoints, MaxBasisPoints);
        var exact = benchmark * (MaxBasisPoints - basisPoints) / MaxBasisPoints;
        return decimal.Truncate(exact * 100_000m) / 100_000m;
    }
}
