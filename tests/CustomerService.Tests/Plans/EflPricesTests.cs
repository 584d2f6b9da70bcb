using CustomerService.Features.Plans;
using CustomerService.Features.Plans.Documents;

namespace CustomerService.Tests.Plans;

/// <summary>The Electricity Facts Label's arithmetic on its own: average prices from the energy and base charges.</summary>
public sealed class EflPricesTests
{
    private static Plan PlanAt(decimal centsPerKwh, decimal baseCharge) =>
        new() { Name = "Test", Description = "Test", PlanType = PlanTypes.Fixed, RatePerKwh = centsPerKwh, BaseCharge = baseCharge, TermMonths = 12 };

    [Fact]
    public void TheEflStatesAveragesAt500And1000And2000Kwh() => Assert.Equal([500, 1000, 2000], EflPrices.UsageLevels);

    [Theory]
    [InlineData(500, 13.9)]  // (11.9¢ × 500 + 995¢) ÷ 500 = 13.89¢
    [InlineData(1000, 12.9)] // 12.895¢, a midpoint: rounded away from zero
    [InlineData(2000, 12.4)] // 12.3975¢
    public void TheAverageSpreadsTheBaseChargeOverTheKwhUsed(int kwh, decimal cents) =>
        Assert.Equal(cents, new EflPrices(PlanAt(11.9m, 9.95m)).AveragePriceAt(kwh));

    [Fact]
    public void WithoutABaseChargeTheAverageIsTheEnergyChargeAtEveryLevel() =>
        Assert.All(EflPrices.UsageLevels, kwh => Assert.Equal(13.2m, new EflPrices(PlanAt(13.2m, 0m)).AveragePriceAt(kwh)));

    [Fact]
    public void AveragesRoundToATenthOfACentWithMidpointsAwayFromZero()
    {
        Assert.Equal(10.1m, new EflPrices(PlanAt(10.05m, 0m)).AveragePriceAt(1000));
        Assert.Equal(10.0m, new EflPrices(PlanAt(10.049m, 0m)).AveragePriceAt(1000));
    }

    [Fact]
    public void TheWorkedExampleAt1000KwhAddsUpInDollars()
    {
        var prices = new EflPrices(PlanAt(11.9m, 9.95m));

        Assert.Equal(119.00m, prices.EnergyChargeFor(1000));
        Assert.Equal(128.95m, prices.TotalFor(1000));
        Assert.Equal((11.9m, 9.95m), (prices.EnergyCharge, prices.BaseCharge));
    }

    [Fact]
    public void EnergyChargesRoundToTheCent() => Assert.Equal(62.23m, new EflPrices(PlanAt(12.445m, 0m)).EnergyChargeFor(500)); // 62.225

    [Theory]
    [InlineData(0)]
    [InlineData(-500)]
    public void ThereIsNoAverageAtNoUse(int kwh)
    {
        var prices = new EflPrices(PlanAt(11.9m, 9.95m));

        Assert.Throws<ArgumentOutOfRangeException>(() => prices.AveragePriceAt(kwh));
        Assert.Throws<ArgumentOutOfRangeException>(() => prices.EnergyChargeFor(kwh));
    }
}
