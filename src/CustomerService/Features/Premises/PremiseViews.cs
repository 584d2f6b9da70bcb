using System.Linq.Expressions;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Premises;

public sealed record PremiseResponse(
    long PremiseId, long AccountId, string? EsiId, string? Nickname, string Street, string? Unit, string City, string State, string Zip,
    bool IsPrimary, IReadOnlyList<MeterSummary> Meters, string Status = PremiseStatus.Active, DateOnly? InactiveSince = null);

public sealed record MeterSummary(long MeterId, string MeterNumber, string Type, string Status);

public static class PremiseViews
{
    /// <summary>
    /// A premise with its meters, as a projection to compose into a statement (a query's Select, or a collection
    /// inside another projection): the meters come in the same statement.
    /// </summary>
    public static Expression<Func<Premise, PremiseResponse>> Projection(CustomerDbContext db) => p => new PremiseResponse(
        p.Id, p.AccountId, p.EsiId, p.Nickname, p.Street, p.Unit, p.City, p.State, p.Zip, p.IsPrimary,
        db.Meters.Where(m => m.PremiseId == p.Id).OrderBy(m => m.Id).Select(m => new MeterSummary(m.Id, m.MeterNumber, m.Type, m.Status)).ToList(),
        p.Status, p.InactiveSince);

    /// <summary>Premises already loaded (a change just made to one), with their meters read in one statement.</summary>

    public static async Task<List<PremiseResponse>> WithMetersAsync(CustomerDbContext db, IReadOnlyList<Premise> premises, CancellationToken ct)
    {
        var ids = premises.Select(p => p.Id).ToList();
        var meters = await db.Meters.AsNoTracking().Where(m => m.PremiseId != null && ids.Contains(m.PremiseId.Value)).OrderBy(m => m.Id).ToListAsync(ct);
        return premises.Select(p => new PremiseResponse(
            p.Id, p.AccountId, p.EsiId, p.Nickname, p.Street, p.Unit, p.City, p.State, p.Zip, p.IsPrimary,
            meters.Where(m => m.PremiseId == p.Id).Select(m => new MeterSummary(m.Id, m.MeterNumber, m.Type, m.Status)).ToList(),
            p.Status, p.InactiveSince)).ToList();
    }
}
