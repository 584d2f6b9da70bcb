using CustomerService.Infrastructure.Data;

namespace CustomerService.Features.Meters;

/// <summary>
/// The reads one meter's usage over the window is computed from (<see cref="Usage.Facts"/>): its latest read on or
/// before the end of the window, its latest read on or before the start and, lacking that, its earliest read inside
/// the window. Each is one indexed look-up on the meter's reads, so the cost does not grow with the history stored.
/// </summary>
public sealed class MeterUsageFacts
{
    public long MeterId { get; init; }
    public long? PremiseId { get; init; }
    public required string Type { get; init; }
    public DateOnly? EndDate { get; init; }
    public decimal? EndKwh { get; init; }
    public DateOnly? BeforeStartDate { get; init; }
    public decimal? BeforeStartKwh { get; init; }
    public DateOnly? FirstInWindowDate { get; init; }
    public decimal? FirstInWindowKwh { get; init; }

    /// <summary>The end read minus the baseline (never negative); nothing for a meter with fewer than two reads.</summary>
    public decimal Kwh()
    {
        var (baselineDate, baselineKwh) = BeforeStartDate is not null ? (BeforeStartDate, BeforeStartKwh) : (FirstInWindowDate, FirstInWindowKwh);
        return EndDate is null || baselineDate is null || EndDate <= baselineDate ? 0m : Math.Max(0m, EndKwh!.Value - baselineKwh!.Value);
    }
}

/// <summary>
/// Consumption from register reads: for each meter, the cumulative kWh of its latest read on or before the
/// end of the window minus that of its latest read on or before the start (or, lacking one, its earliest read
/// inside the window). Meters with fewer than two reads contribute nothing.
/// </summary>
public sealed class Usage(CustomerDbContext db)
{
    public const int WindowDays = 30;

    /// <summary>Every meter's <see cref="MeterUsageFacts"/> for the window ending <paramref name="today"/>, to filter or compose in a larger query.</summary>
    public IQueryable<MeterUsageFacts> Facts(DateOnly today)
    {
        var start = today.AddDays(-WindowDays);
        return db.Meters.Select(m => new MeterUsageFacts
        {
            MeterId = m.Id,
            PremiseId = m.PremiseId,
            Type = m.Type,
            EndDate = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate <= today).OrderByDescending(r => r.ReadDate).Select(r => (DateOnly?)r.ReadDate).FirstOrDefault(),
            EndKwh = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate <= today).OrderByDescending(r => r.ReadDate).Select(r => (decimal?)r.CumulativeKwh).FirstOrDefault(),
            BeforeStartDate = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate <= start).OrderByDescending(r => r.ReadDate).Select(r => (DateOnly?)r.ReadDate).FirstOrDefault(),
            BeforeStartKwh = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate <= start).OrderByDescending(r => r.ReadDate).Select(r => (decimal?)r.CumulativeKwh).FirstOrDefault(),
            FirstInWindowDate = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate > start && r.ReadDate <= today).OrderBy(r => r.ReadDate).Select(r => (DateOnly?)r.ReadDate).FirstOrDefault(),
            FirstInWindowKwh = db.MeterReads.Where(r => r.MeterId == m.Id && r.ReadDate > start && r.ReadDate <= today).OrderBy(r => r.ReadDate).Select(r => (decimal?)r.CumulativeKwh).FirstOrDefault(),
        });
    }

    /// <summary>Usage summed by meter type (electric, …).</summary>
    public static Dictionary<string, decimal> ByMeterType(IEnumerable<MeterUsageFacts> meters)
    {
        var usage = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var meter in meters) usage[meter.Type] = usage.GetValueOrDefault(meter.Type) + meter.Kwh();
        return usage;
    }
}
