using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Premises;

public sealed record MeterListResponse(IReadOnlyList<MeterSummary> Meters);

/// <summary>The customer's roles on an account and the premises read with them (all of the account's, or one).</summary>
public sealed record PremisesOfAccount(IReadOnlyList<string> Roles, IReadOnlyList<PremiseResponse> Premises);

/// <summary>
/// A premise of an account the customer holds a role on, with its meters: read in one statement, the signed-in
/// customer's lookup included (<see cref="ActingCustomer.ReadAsync{T}"/>); the role decides whether it is shown.
/// </summary>
public static class CustomerPremises
{
    public static async Task<Outcome<PremiseResponse>> GetAsync(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var read = await ReadAsync(acting, access, db, accountId: null, premiseId, ct);
        return Refuse(read, premiseId) is { } refusal ? refusal : read.Value!.Premises[0];
    }

    public static async Task<Outcome<MeterListResponse>> MetersAsync(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await GetAsync(premiseId, acting, access, db, ct)).Map(premise => new MeterListResponse(premise.Meters));

    private static Refusal? Refuse(ActingRead<PremisesOfAccount?> read, long premiseId) =>
        read.NotLinked ?? (read.Value is not { } account ? NotFound(premiseId)
            : !AccountPermissions.Allows(account.Roles, AccountPermission.ViewPremises) ? AccountRefusals.ForRole("see this premise")
            : null);

    /// <summary>
    /// The account named (or the one holding the premise named) if the customer holds a role on it: their roles and
    /// its premises (or that one), in one statement; null when they hold no role on it or the premise does not exist.
    /// </summary>
    public static async Task<ActingRead<PremisesOfAccount?>> ReadAsync(
        ActingCustomer acting, AccountAccess access, CustomerDbContext db, long? accountId, long? premiseId, CancellationToken ct) =>
        await acting.ReadAsync(async (customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            var accounts = db.Accounts.AsNoTracking().Where(a => parties.Any(p => p.Account == a.Id));
            var premises = db.Premises.AsNoTracking();
            if (accountId is { } id) accounts = accounts.Where(a => a.Id == id);
            if (premiseId is { } pid)
            {
                accounts = accounts.Where(a => db.Premises.Any(p => p.Id == pid && p.AccountId == a.Id));
                premises = premises.Where(p => p.Id == pid);
            }
            var premise = PremiseViews.Projection(db);
            return await accounts.Select(a => new PremisesOfAccount(
                parties.Where(p => p.Account == a.Id).Select(p => p.Role).ToList(),
                premises.Where(p => p.AccountId == a.Id).OrderBy(p => p.Id).Select(premise).ToList())).FirstOrDefaultAsync(ct);
        }, account => account is null, ct);

    public static Refusal NotFound(long premiseId) =>
        Refusal.NotFound("Premise not found", $"There is no premise {premiseId} among your accounts.");
}
