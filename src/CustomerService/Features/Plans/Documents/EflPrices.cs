namespace CustomerService.Features.Plans.Documents;

/// <summary>
/// The arithmetic of a plan's Electricity Facts Label (16 TAC §25.475(g)): the average price per kWh at the three
/// levels of monthly use the PUCT prescribes, from the energy charge and the base charge. TDSP delivery charges are
/// passed through separately, so they are in none of these figures.
/// </summary>
public sealed class EflPrices
{
    private readonly Plan _plan;

    public EflPrices(Plan plan) => _plan = plan ?? throw new ArgumentNullException(nameof(plan));

    /// <summary>Average monthly use, in kWh, at which every EFL states its average price.</summary>
    public static IReadOnlyList<int> UsageLevels { get; } = [500, 1000, 2000];

    /// <summary>Cents per kWh.</summary>
    public decimal EnergyCharge => _plan.RatePerKwh;

    /// <summary>Dollars per billing cycle.</summary>
    public decimal BaseCharge => _plan.BaseCharge;

    /// <summary>The energy charge for <paramref name="kwh"/> in one billing cycle, in dollars to the cent.</summary>
    public decimal EnergyChargeFor(int kwh)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kwh);
        return Math.Round(_plan.RatePerKwh * kwh / 100m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Energy charge plus base charge for <paramref name="kwh"/> in one billing cycle, in dollars.</summary>
    public decimal TotalFor(int kwh) => EnergyChargeFor(kwh) + _plan.BaseCharge;

    /// <summary>(energy charge × kWh + base charge) ÷ kWh, in cents per kWh rounded to the nearest tenth of a cent.</summary>
    public decimal AveragePriceAt(int kwh)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kwh);
        return Math.Round((_plan.RatePerKwh * kwh + _plan.BaseCharge * 100m) / kwh, 1, MidpointRounding.AwayFromZero);
    }
}
