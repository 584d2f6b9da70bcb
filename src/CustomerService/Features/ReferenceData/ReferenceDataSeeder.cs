using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.ReferenceData;

public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    /// <summary>Seeds the demo territories, plans and service points at start (idempotent). On by default.</summary>
    public bool SeedDemo { get; set; } = true;
}

/// <summary>
/// Inserts whatever demo reference data is missing; never touches rows that exist (a meter's status belongs
/// to the enrollments that claimed it). Safe to run on every start and on several instances at once.
/// </summary>
public static class ReferenceDataSeeder
{
    public static async Task SeedDemoReferenceDataAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.SeedDemo) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        try
        {
            await SeedAsync(db, CancellationToken.None);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance seeded the same rows at the same moment: what we wanted exists.
            app.Logger.LogInformation("Demo reference data was seeded concurrently by another instance.");
        }
    }

    public static async Task SeedAsync(CustomerDbContext db, CancellationToken ct)
    {
        var territoryCodes = await db.Territories.Select(t => t.Code).ToHashSetAsync(ct);
        var prefixes = await db.TerritoryZipPrefixes.Select(t => t.Prefix).ToHashSetAsync(ct);
        foreach (var (code, name, _, zipPrefixes) in DemoReferenceData.Territories)
        {
            if (!territoryCodes.Contains(code)) db.Territories.Add(new Territory { Code = code, Name = name });
            foreach (var prefix in zipPrefixes.Where(p => !prefixes.Contains(p)))
                db.TerritoryZipPrefixes.Add(new TerritoryZipPrefix { Prefix = prefix, TerritoryCode = code });
        }

        var planIds = await db.Plans.Select(p => p.Id).ToHashSetAsync(ct);
        db.Plans.AddRange(DemoReferenceData.Plans().Where(p => !planIds.Contains(p.Id)));
        var offered = (await db.PlanTerritories.Select(p => new { p.PlanId, p.TerritoryCode }).ToListAsync(ct))
            .Select(p => (p.PlanId, p.TerritoryCode)).ToHashSet();
        foreach (var (planId, territories) in DemoReferenceData.PlanTerritories)
        {
            foreach (var territory in territories.Where(t => !offered.Contains((planId, t))))
                db.PlanTerritories.Add(new PlanTerritory { PlanId = planId, TerritoryCode = territory });
        }

        var (points, meters) = DemoReferenceData.ServicePointsAndMeters();
        var pointIds = await db.ServicePoints.Select(s => s.Id).ToHashSetAsync(ct);
        db.ServicePoints.AddRange(points.Where(p => !pointIds.Contains(p.Id)));
        var meterIds = await db.Meters.Select(m => m.Id).ToHashSetAsync(ct);
        db.Meters.AddRange(meters.Where(m => !meterIds.Contains(m.Id)));

        await db.SaveChangesAsync(ct);
    }
}
