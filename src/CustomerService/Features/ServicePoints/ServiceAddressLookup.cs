using CustomerService.Common;
using CustomerService.Features.Meters;
using CustomerService.Features.ReferenceData;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.ServicePoints;

/// <summary>
/// Finds the service point at an address (by its normalized key: an indexed lookup, cached as reference data, see
/// <see cref="ReferenceDataCache"/>) and the meters available there (read each time: enrollments claim them).
/// </summary>
public sealed class ServiceAddressLookup(CustomerDbContext db, ReferenceDataCache cache)
{
    /// <summary>The service point at the address, or null; shared with other requests: read it, never change it.</summary>
    public Task<ServicePoint?> FindAsync(string street, string? unit, Zip zip, CancellationToken ct)
    {
        var key = AddressNormalizer.Key(street, unit, zip.Value);
        return cache.ServicePointAsync(key, () => db.ServicePoints.AsNoTracking().FirstOrDefaultAsync(s => s.AddressKey == key, ct));
    }

    public Task<List<Meter>> AvailableMetersAsync(long servicePointId, CancellationToken ct) =>
        db.Meters.AsNoTracking()
            .Where(m => m.ServicePointId == servicePointId && m.Status == MeterStatus.Available)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
}
