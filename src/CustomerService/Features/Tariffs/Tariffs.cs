using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Tariffs;

/// <summary>
/// Customer tariffs as a step function over benchmark tariffs: computing them, finding the one in force, and
/// keeping them right when a benchmark or a discount changes.
/// </summary>
public sealed class Tariffs(CustomerDbContext db, TimeProvider time)
{
    private static readonly string[] Priced = [CustomerLifecycle.Onboarding, CustomerLifecycle.Prelive, CustomerLifecycle.Live];

    public Task<BenchmarkTariff?> BenchmarkInForceAsync(DateOnly day, CancellationToken ct) =>
        db.BenchmarkTariffs.Where(b => b.PeriodStart <= day).OrderByDescending(b => b.PeriodStart).FirstOrDefaultAsync(ct);

    public Task<CustomerTariff?> InForceAsync(long customerId, DateOnly day, CancellationToken ct) =>
        db.CustomerTariffs.AsNoTracking().Where(t => t.Customer == customerId && t.PeriodStart <= day).OrderByDescending(t => t.PeriodStart).FirstOrDefaultAsync(ct);

    /// <summary>Sets a customer's discount from a period start (creating or changing that row) and computes it. Caller owns the transaction.</summary>
    public async Task<CustomerTariff?> SetDiscountAsync(long customerId, DateOnly periodStart, int basisPoints, string reason, CancellationToken ct)
    {
        var benchmark = await BenchmarkInForceAsync(periodStart, ct);
        if (benchmark is null) return null;
        var tariff = await db.CustomerTariffs.FirstOrDefaultAsync(t => t.Customer == customerId && t.PeriodStart == periodStart, ct)
                     ?? db.CustomerTariffs.Add(new CustomerTariff { Customer = customerId, PeriodStart = periodStart }).Entity;
        tariff.DiscountRateBasisPoints = basisPoints;
        await ComputeAsync(tariff, benchmark, reason, ct);
        return tariff;
    }

    /// <summary>
    /// A new benchmark period: recompute every customer tariff it now stands behind, then give every onboarding,
    /// prelive or live customer who occupies a premise in an ESCO a tariff for the new period, carrying their previous
    /// discount forward (or their ESCO's default). Caller owns the transaction.
    /// </summary>
    public async Task<int> ApplyBenchmarkAsync(BenchmarkTariff benchmark, CancellationToken ct)
    {
        var next = await db.BenchmarkTariffs.Where(b => b.PeriodStart > benchmark.PeriodStart).OrderBy(b => b.PeriodStart).Select(b => (DateOnly?)b.PeriodStart).FirstOrDefaultAsync(ct);
        var behind = await db.CustomerTariffs.Where(t => t.PeriodStart >= benchmark.PeriodStart && (next == null || t.PeriodStart < next)).ToListAsync(ct);
        foreach (var tariff in behind) await ComputeAsync(tariff, benchmark, "Benchmark tariff changed", ct);

        var members = await (from p in db.AccountParties
                             join premise in db.Premises on p.Account equals premise.AccountId
                             join c in db.Customers on p.Customer equals c.Id
                             where p.Role == AccountRoles.Occupier && premise.EscoId != null && Priced.Contains(c.Status)
                             select new { CustomerId = c.Id, EscoId = premise.EscoId!.Value }).Distinct().ToListAsync(ct);
        var created = 0;
        foreach (var member in members.GroupBy(m => m.CustomerId).Select(g => g.OrderBy(m => m.EscoId).First()))
        {
            if (behind.Any(t => t.Customer == member.CustomerId && t.PeriodStart == benchmark.PeriodStart)) continue;
            var previous = await db.CustomerTariffs.Where(t => t.Customer == member.CustomerId && t.PeriodStart < benchmark.PeriodStart)
                .OrderByDescending(t => t.PeriodStart).Select(t => (int?)t.DiscountRateBasisPoints).FirstOrDefaultAsync(ct);
            var discount = previous ?? await db.MicrogridTariffs.Where(m => m.EscoId == member.EscoId && m.PeriodStart <= benchmark.PeriodStart)
                .OrderByDescending(m => m.PeriodStart).Select(m => (int?)m.DefaultDiscountBasisPoints).FirstOrDefaultAsync(ct) ?? 0;
            var tariff = db.CustomerTariffs.Add(new CustomerTariff { Customer = member.CustomerId, PeriodStart = benchmark.PeriodStart, DiscountRateBasisPoints = discount }).Entity;
            await ComputeAsync(tariff, benchmark, previous is null ? "New period: ESCO default discount" : "New period: discount carried forward", ct);
            created++;
        }
        return created;
    }

    private async Task ComputeAsync(CustomerTariff tariff, BenchmarkTariff benchmark, string reason, CancellationToken ct)
    {
        tariff.ComputedUnitRate = TariffCalculator.Discounted(benchmark.UnitRate, tariff.DiscountRateBasisPoints);
        tariff.ComputedStandingCharge = TariffCalculator.Discounted(benchmark.StandingCharge, tariff.DiscountRateBasisPoints);
        tariff.BenchmarkTariffId = benchmark.Id;
        tariff.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.Record(tariff.Customer, new CustomerTariffChangedEvent(
            tariff.Customer, tariff.PeriodStart, tariff.DiscountRateBasisPoints, tariff.ComputedUnitRate, tariff.ComputedStandingCharge, benchmark.Id, reason));
    }
}
