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

    /// <summary>
    /// The safety net of the reference data cache: nothing cached is served once it was read this long ago, whatever
    /// notification was missed. Changes made through the service are seen at once on every instance regardless.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 86400)]
    public int CacheSeconds { get; set; } = 60;

    /// <summary>How many service points (looked up by address) the cache keeps at most.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int ServicePointCacheEntries { get; set; } = 10_000;
}

/// <summary>
/// Inserts whatever demo reference data is missing; never touches rows that exist (a meter's status belongs
/// to the enrollments that claimed it). Safe to run on every start and on several instances at once. It looks up only
/// the demo rows' own keys, so its cost does not grow with the reference data imported beside them. What it adds goes
/// through <see cref="ReferenceDataChanges"/>, like any import, so no instance keeps a cache without it.
/// </summary>
public static class ReferenceDataSeeder
{
    public static async Task SeedDemoReferenceDataAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.SeedDemo) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        var changes = scope.ServiceProvider.GetRequiredService<ReferenceDataChanges>();
        try
        {
            await changes.SaveAsync(db, ct => StageAsync(db, ct), CancellationToken.None);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another instance seeded the same rows at the same moment: what we wanted exists.
            app.Logger.LogInformation("Demo reference data was seeded concurrently by another instance.");
        }
    }

    /// <summary>
    /// Adds the missing demo rows and saves them, for a tool that prepares a database before any instance runs (the
    /// benchmark's data generator): no instance has a cache to empty yet.
    /// </summary>
    public static async Task SeedAsync(CustomerDbContext db, CancellationToken ct)
    {
        await StageAsync(db, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds the demo rows that are missing to the context, for the caller to save.</summary>
    private static async Task StageAsync(CustomerDbContext db, CancellationToken ct)
    {
        var codes = DemoReferenceData.Territories.Select(t => t.Code).ToList();
        var territoryCodes = await db.Territories.Where(t => codes.Contains(t.Code)).Select(t => t.Code).ToHashSetAsync(ct);
        var demoPrefixes = DemoReferenceData.Territories.SelectMany(t => t.ZipPrefixes).ToList();
        var prefixes = await db.TerritoryZipPrefixes.Where(t => demoPrefixes.Contains(t.Prefix)).Select(t => t.Prefix).ToHashSetAsync(ct);
        foreach (var (code, name, _, zipPrefixes) in DemoReferenceData.Territories)
        {
            if (!territoryCodes.Contains(code)) db.Territories.Add(new Territory { Code = code, Name = name });
            foreach (var prefix in zipPrefixes.Where(p => !prefixes.Contains(p)))
                db.TerritoryZipPrefixes.Add(new TerritoryZipPrefix { Prefix = prefix, TerritoryCode = code });
        }

        var demoPlans = DemoReferenceData.Plans();
        var demoPlanIds = demoPlans.Select(p => p.Id).ToList();
        var planIds = await db.Plans.Where(p => demoPlanIds.Contains(p.Id)).Select(p => p.Id).ToHashSetAsync(ct);
        db.Plans.AddRange(demoPlans.Where(p => !planIds.Contains(p.Id)));
        var offeredPlanIds = DemoReferenceData.PlanTerritories.Select(p => p.PlanId).ToList();
        var offered = (await db.PlanTerritories.Where(p => offeredPlanIds.Contains(p.PlanId)).Select(p => new { p.PlanId, p.TerritoryCode }).ToListAsync(ct))
            .Select(p => (p.PlanId, p.TerritoryCode)).ToHashSet();
        foreach (var (planId, territories) in DemoReferenceData.PlanTerritories)
        {
            foreach (var territory in territories.Where(t => !offered.Contains((planId, t))))
                db.PlanTerritories.Add(new PlanTerritory { PlanId = planId, TerritoryCode = territory });
        }

        var (points, meters) = DemoReferenceData.ServicePointsAndMeters();
        var demoPointIds = points.Select(p => p.Id).ToList();
        var pointIds = await db.ServicePoints.Where(s => demoPointIds.Contains(s.Id)).Select(s => s.Id).ToHashSetAsync(ct);
        db.ServicePoints.AddRange(points.Where(p => !pointIds.Contains(p.Id)));
        var demoMeterIds = meters.Select(m => m.Id).ToList();
        var meterIds = await db.Meters.Where(m => demoMeterIds.Contains(m.Id)).Select(m => m.Id).ToHashSetAsync(ct);
        db.Meters.AddRange(meters.Where(m => !meterIds.Contains(m.Id)));
    }
}
