using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Meters;

/// <summary>customer-service.md's Meter Detail Response. Reading fields are null for a role that may not see usage.</summary>
public sealed record MeterDetailResponse(
    long MeterId, string MeterNumber, string Type, string Status, DateOnly? InstallDate, decimal? LastReading, DateOnly? LastReadingDate,
    string Unit, MeterPremise Premise);

public sealed record MeterPremise(long PremiseId, string Street, string? Unit, string City, string State, string Zip);

public sealed record MeterReadingsResponse(long MeterId, string Unit, DateOnly? From, DateOnly? To, int Page, int PageSize, int TotalCount, IReadOnlyList<MeterReading> Readings);

/// <summary>A register read and the consumption since the previous read.</summary>
public sealed record MeterReading(DateOnly ReadDate, decimal Reading, decimal? Usage);

/// <summary>A meter at one of the customer's premises, and its reading history with the usage between reads.</summary>
public static class CustomerMeters
{
    public const int MaxPageSize = 366;

    public static async Task<Outcome<MeterDetailResponse>> GetAsync(long meterId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var found = await access.MeterAsync(acting.CustomerId, meterId, ct);
        if (found is null) return NotFound(meterId);
        var (meter, premise, roles) = found.Value;
        if (!AccountPermissions.Allows(roles, AccountPermission.ViewPremises)) return AccountRefusals.ForRole("see this meter");
        var last = AccountPermissions.Allows(roles, AccountPermission.ViewUsage)
            ? await db.MeterReads.AsNoTracking().Where(r => r.MeterId == meterId).OrderByDescending(r => r.ReadDate).FirstOrDefaultAsync(ct)
            : null;
        return new MeterDetailResponse(meter.Id, meter.MeterNumber, meter.Type, meter.Status, meter.InstallDate,
            last is null ? null : Decimals.Trim(last.CumulativeKwh), last?.ReadDate, "kWh",
            new MeterPremise(premise.Id, premise.Street, premise.Unit, premise.City, premise.State, premise.Zip));
    }

    /// <summary>Reading history, newest first, between from and to (inclusive), paged.</summary>
    public static async Task<Outcome<MeterReadingsResponse>> ReadingsAsync(
        long meterId, DateOnly? from, DateOnly? to, int? page, int? pageSize, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (from is not null && to is not null && from > to) errors.Add("from", "from must be on or before to.");
        if (page is < 1) errors.Add("page", "Pages start at 1.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"pageSize is 1 to {MaxPageSize}.");
        if (!errors.IsEmpty) return errors;

        var found = await access.MeterAsync(acting.CustomerId, meterId, ct);
        if (found is null) return NotFound(meterId);
        if (!AccountPermissions.Allows(found.Value.Roles, AccountPermission.ViewUsage)) return AccountRefusals.ForRole("see this meter's usage");

        var (p, size) = (page ?? 1, pageSize ?? 31);
        var query = db.MeterReads.AsNoTracking().Where(r => r.MeterId == meterId);
        if (from is not null) query = query.Where(r => r.ReadDate >= from);
        if (to is not null) query = query.Where(r => r.ReadDate <= to);
        var total = await query.CountAsync(ct);
        // One read more than the page, so the oldest read on the page still has a previous read to compute usage from.
        var reads = await query.OrderByDescending(r => r.ReadDate).Skip((p - 1) * size).Take(size + 1).ToListAsync(ct);
        if (reads.Count <= size && reads.Count > 0)
        {
            var oldest = reads[^1].ReadDate;
            var previous = await db.MeterReads.AsNoTracking().Where(r => r.MeterId == meterId && r.ReadDate < oldest).OrderByDescending(r => r.ReadDate).FirstOrDefaultAsync(ct);
            if (previous is not null) reads.Add(previous);
        }
        var readings = reads.Take(size).Select((r, i) => new MeterReading(r.ReadDate, Decimals.Trim(r.CumulativeKwh),
            i + 1 < reads.Count ? Decimals.Trim(r.CumulativeKwh - reads[i + 1].CumulativeKwh) : null)).ToList();
        return new MeterReadingsResponse(meterId, "kWh", from, to, p, size, total, readings);
    }

    private static Refusal NotFound(long meterId) =>
        Refusal.NotFound("Meter not found", $"There is no meter {meterId} at your premises.");
}
