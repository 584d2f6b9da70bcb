using CustomerService.Common;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.ServicePoints;

/// <summary>Finds the service point at an address (by its normalized key, an indexed lookup) and the meters registered there.</summary>
public sealed class ServiceAddressLookup(CustomerDbContext db)
{
    public Task<ServicePoint?> FindAsync(string street, string? unit, Zip zip, CancellationToken ct)
    {
        var key = AddressNormalizer.Key(street, unit, zip.Value);
        return db.ServicePoints.AsNoTracking().FirstOrDefaultAsync(s => s.AddressKey == key, ct);
    }

    public Task<List<Meter>> AvailableMetersAsync(long servicePointId, CancellationToken ct) =>
        db.Meters.AsNoTracking()
            .Where(m => m.ServicePointId == servicePointId && m.Status == MeterStatus.Available)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
}
