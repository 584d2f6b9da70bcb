using CustomerService.Common;
using CustomerService.Features.Accounts;
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

/// <summary>
/// A meter at one of the customer's premises, and its reading history with the usage between reads. Each read is one
/// statement, the signed-in customer's lookup included (<see cref="ActingCustomer.ReadAsync{T}"/>): the meter, its
/// premise, the customer's roles on the premise's account and the reads; the permission rules then decide what is shown.
/// </summary>
public static class CustomerMeters
{
    public const int MaxPageSize = 366;

    /// <summary>The highest page number: its offset (pages before it, at the largest page size) still counts in an int.</summary>
    public const int MaxPage = int.MaxValue / (MaxPageSize + 1);

    public static async Task<Outcome<MeterDetailResponse>> GetAsync(long meterId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var read = await acting.ReadAsync((customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            return (
                from m in db.Meters.AsNoTracking()
                join p in db.Premises.AsNoTracking() on m.PremiseId equals (long?)p.Id
                where m.Id == meterId && parties.Any(x => x.Account == p.AccountId)
                select new
                {
                    m.Id, m.MeterNumber, m.Type, m.Status, m.InstallDate,
                    Premise = new MeterPremise(p.Id, p.Street, p.Unit, p.City, p.State, p.Zip),
                    Roles = parties.Where(x => x.Account == p.AccountId).Select(x => x.Role).ToList(),
                    // Two scalar subqueries, an index seek each: the newest read as one object EF joins as a window numbering every meter's reads.
                    LastDate = db.MeterReads.Where(r => r.MeterId == m.Id).OrderByDescending(r => r.ReadDate).Select(r => (DateOnly?)r.ReadDate).FirstOrDefault(),
                    LastReading = db.MeterReads.Where(r => r.MeterId == m.Id).OrderByDescending(r => r.ReadDate).Select(r => (decimal?)r.CumulativeKwh).FirstOrDefault(),
                }).SingleOrDefaultAsync(ct);
        }, meter => meter is null, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        if (read.Value is not { } meter) return NotFound(meterId);
        if (!AccountPermissions.Allows(meter.Roles, AccountPermission.ViewPremises)) return AccountRefusals.ForRole("see this meter");
        var usage = AccountPermissions.Allows(meter.Roles, AccountPermission.ViewUsage);
        return new MeterDetailResponse(meter.Id, meter.MeterNumber, meter.Type, meter.Status, meter.InstallDate,
            usage && meter.LastReading is { } last ? Decimals.Trim(last) : null, usage ? meter.LastDate : null, "kWh", meter.Premise);
    }

    /// <summary>Reading history, newest first, between from and to (inclusive), paged.</summary>
    public static async Task<Outcome<MeterReadingsResponse>> ReadingsAsync(
        long meterId, DateOnly? from, DateOnly? to, int? page, int? pageSize, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (from is not null && to is not null && from > to) errors.Add("from", "from must be on or before to.");
        if (page is < 1) errors.Add("page", "Pages start at 1.");
        else if (page is > MaxPage) errors.Add("page", $"Pages go up to {MaxPage}.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add("pageSize", $"pageSize is 1 to {MaxPageSize}.");
        // A sign-in linked to no customer hears that first, as when the customer was looked up before the use case.
        if (!errors.IsEmpty) return !acting.IsResolved && await acting.ResolveAsync(ct) is null ? CustomerLinks.NotLinked : errors;

        var (p, size) = (page ?? 1, pageSize ?? 31);
        var read = await acting.ReadAsync((customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            var window = db.MeterReads.AsNoTracking().Where(r => r.MeterId == meterId);
            if (from is not null) window = window.Where(r => r.ReadDate >= from);
            if (to is not null) window = window.Where(r => r.ReadDate <= to);
            var beforeWindow = db.MeterReads.AsNoTracking().Where(r => r.MeterId == meterId && r.ReadDate < from);
            return (
                from m in db.Meters.AsNoTracking()
                join pr in db.Premises.AsNoTracking() on m.PremiseId equals (long?)pr.Id
                where m.Id == meterId && parties.Any(x => x.Account == pr.AccountId)
                select new
                {
                    Roles = parties.Where(x => x.Account == pr.AccountId).Select(x => x.Role).ToList(),
                    Total = window.Count(),
                    // One read more than the page, so that the oldest read on the page has the read before it to measure from;
                    // correlated with the meter so that EF can join it (SQLite has no lateral join), numbering only this meter's reads.
                    Page = window.Where(r => r.MeterId == m.Id).OrderByDescending(r => r.ReadDate).Skip((p - 1) * size).Take(size + 1)
                        .Select(r => new { r.ReadDate, r.CumulativeKwh }).ToList(),
                    // The read before the oldest in the window, for a page that reaches it.
                    BeforeWindow = beforeWindow.OrderByDescending(r => r.ReadDate).Select(r => (decimal?)r.CumulativeKwh).FirstOrDefault(),
                }).SingleOrDefaultAsync(ct);
        }, meter => meter is null, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        if (read.Value is not { } meter) return NotFound(meterId);
        if (!AccountPermissions.Allows(meter.Roles, AccountPermission.ViewUsage)) return AccountRefusals.ForRole("see this meter's usage");

        var reads = meter.Page;
        var readings = reads.Take(size).Select((r, i) => new MeterReading(r.ReadDate, Decimals.Trim(r.CumulativeKwh),
            (i + 1 < reads.Count ? reads[i + 1].CumulativeKwh : meter.BeforeWindow) is { } previous ? Decimals.Trim(r.CumulativeKwh - previous) : null)).ToList();
        return new MeterReadingsResponse(meterId, "kWh", from, to, p, size, meter.Total, readings);
    }

    private static Refusal NotFound(long meterId) =>
        Refusal.NotFound("Meter not found", $"There is no meter {meterId} at your premises.");
}
