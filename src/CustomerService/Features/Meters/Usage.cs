using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Meters;

/// <summary>
/// Consumption from register reads: for each meter, the cumulative kWh of its latest read on or before the
/// end of the window minus that of its latest read on or before the start (or, lacking one, its earliest read
/// inside the window). Meters with fewer than two reads contribute nothing.
/// </summary>
public sealed class Usage(CustomerDbContext db)
{
    public const int WindowDays = 30;

    public async Task<Dictionary<string, decimal>> ByMeterTypeAsync(IReadOnlyCollection<long> meterIds, DateOnly today, CancellationToken ct)
    {
        if (meterIds.Count == 0) return [];
        var start = today.AddDays(-WindowDays);
        var meters = await db.Meters.AsNoTracking().Where(m => meterIds.Contains(m.Id)).Select(m => new { m.Id, m.Type }).ToListAsync(ct);
        var reads = await db.MeterReads.AsNoTracking()
            .Where(r => meterIds.Contains(r.MeterId) && r.ReadDate <= today)
            .Select(r => new { r.MeterId, r.ReadDate, r.CumulativeKwh }).ToListAsync(ct);

        var usage = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var meter in meters)
        {
            var own = reads.Where(r => r.MeterId == meter.Id).OrderBy(r => r.ReadDate).ToList();
            var end = own.LastOrDefault();
            var baseline = own.LastOrDefault(r => r.ReadDate <= start) ?? own.FirstOrDefault(r => r.ReadDate > start);
            var kwh = end is null || baseline is null || end.ReadDate <= baseline.ReadDate ? 0m : Math.Max(0m, end.CumulativeKwh - baseline.CumulativeKwh);
            usage[meter.Type] = usage.GetValueOrDefault(meter.Type) + kwh;
        }
        return usage;
    }
}
