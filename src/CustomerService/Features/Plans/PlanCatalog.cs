using CustomerService.Common;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Plans;

/// <summary>Which plans are offered where: ZIP → TDSP territory (by ZIP prefix) → plans offered in that territory.</summary>
public sealed class PlanCatalog(CustomerDbContext db)
{
    public async Task<Territory?> TerritoryForAsync(Zip zip, CancellationToken ct) =>
        await (from p in db.TerritoryZipPrefixes
               join t in db.Territories on p.TerritoryCode equals t.Code
               where p.Prefix == zip.Prefix
               select t).AsNoTracking().FirstOrDefaultAsync(ct);

    public async Task<List<Plan>> PlansOfferedAtAsync(Zip zip, CancellationToken ct) =>
        await (from p in db.TerritoryZipPrefixes
               join pt in db.PlanTerritories on p.TerritoryCode equals pt.TerritoryCode
               join plan in db.Plans on pt.PlanId equals plan.Id
               where p.Prefix == zip.Prefix && plan.IsActive
               orderby plan.Id
               select plan).AsNoTracking().ToListAsync(ct);

    public Task<Plan?> FindAsync(long planId, CancellationToken ct) =>
        db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);

    public Task<bool> IsOfferedAtAsync(long planId, Zip zip, CancellationToken ct) =>
        (from p in db.TerritoryZipPrefixes
         join pt in db.PlanTerritories on p.TerritoryCode equals pt.TerritoryCode
         where p.Prefix == zip.Prefix && pt.PlanId == planId
         select pt).AnyAsync(ct);
}
