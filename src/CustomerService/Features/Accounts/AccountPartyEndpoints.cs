using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Accounts;

public sealed record AddPartyRequest(long? CustomerId, string? Role);

public sealed record AccountPartyResponse(long CustomerId, string Name, string Email, string Role, DateTime CreatedAt);

public sealed record AccountPartiesResponse(long AccountId, IReadOnlyList<AccountPartyResponse> Parties);

/// <summary>
/// Adds and removes customers on accounts with a role. The invariants hold inside the transaction, with the
/// account row locked so concurrent changes to one account's parties run one after the other: every account keeps
/// at least one occupier; nobody is landlord and occupier of the same account's premises; a role once per customer.
/// </summary>
public static class AccountPartyEndpoints
{
    /// <summary>Staff list, add and remove the customers with a role on an account.</summary>
    public static RouteGroupBuilder MapAccountPartyEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/accounts/{accountId:long}/parties", List).WithName("ListAccountParties");
        staff.MapPost("/accounts/{accountId:long}/parties", Add).WithName("AddAccountParty");
        staff.MapDelete("/accounts/{accountId:long}/parties/{customerId:long}/{role}", Remove).WithName("RemoveAccountParty");
        return staff;
    }

    private static readonly string[] RoleNames = [AccountRoles.Occupier, AccountRoles.Landlord, AccountRoles.Agent, AccountRoles.Billing];

    public static async Task<Results<Ok<AccountPartiesResponse>, ProblemHttpResult>> List(long accountId, CustomerDbContext db, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return AccountNotFound(accountId);
        return TypedResults.Ok(new AccountPartiesResponse(accountId, await PartiesAsync(db, accountId, ct)));
    }

    public static async Task<Results<Created<AccountPartiesResponse>, ValidationProblem, ProblemHttpResult>> Add(
        long accountId, AddPartyRequest? request, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var role = request?.Role?.Trim().ToLowerInvariant();
        if (request?.CustomerId is null) errors.Add("customerId", "customerId is required.");
        if (role is null || !RoleNames.Contains(role)) errors.Add("role", $"Role is one of: {string.Join(", ", RoleNames)}.");
        if (!errors.IsEmpty) return Problems.Validation(errors);
        var customerId = request!.CustomerId!.Value;

        return await db.InTransactionAsync<Results<Created<AccountPartiesResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            var account = await LockAccountAsync(db, accountId, ct);
            if (account is null) return AccountNotFound(accountId);
            if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
            {
                errors.Add("customerId", $"There is no customer {customerId}.");
                return Problems.Validation(errors);
            }
            if (account.AddParty(customerId, role!, time.GetUtcNow().UtcDateTime) is { } refused) return refused.ToProblem();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/backoffice/accounts/{accountId}/parties", new AccountPartiesResponse(accountId, await PartiesAsync(db, accountId, ct)));
        }, ct);
    }

    public static async Task<Results<Ok<AccountPartiesResponse>, ProblemHttpResult>> Remove(
        long accountId, long customerId, string role, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        return await db.InTransactionAsync<Results<Ok<AccountPartiesResponse>, ProblemHttpResult>>(async (tx, ct) =>
        {
            var account = await LockAccountAsync(db, accountId, ct);
            if (account is null) return AccountNotFound(accountId);
            var (removed, refusal) = account.RemoveParty(customerId, role, time.GetUtcNow().UtcDateTime);
            if (refusal is not null) return refusal.ToProblem();
            db.AccountParties.Remove(removed!);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new AccountPartiesResponse(accountId, await PartiesAsync(db, accountId, ct)));
        }, ct);
    }

    /// <summary>
    /// The account with its parties, its row locked first (PostgreSQL: a no-op UPDATE holds it until commit; SQLite:
    /// writers are serialized already), so concurrent changes to one account's parties run one after the other.
    /// </summary>
    private static async Task<Account?> LockAccountAsync(CustomerDbContext db, long accountId, CancellationToken ct)
    {
        var locked = await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, a => a.UpdatedAt), ct);
        return locked == 0 ? null : await db.Accounts.Include(a => a.Parties).FirstAsync(a => a.Id == accountId, ct);
    }

    private static async Task<List<AccountPartyResponse>> PartiesAsync(CustomerDbContext db, long accountId, CancellationToken ct) =>
        await (from p in db.AccountParties
               join c in db.Customers on p.Customer equals c.Id
               where p.Account == accountId
               orderby p.CreatedAt, c.Id
               select new AccountPartyResponse(c.Id, c.Name, c.Email, p.Role, p.CreatedAt)).AsNoTracking().ToListAsync(ct);

    private static ProblemHttpResult AccountNotFound(long accountId) => Problems.NotFound("Account not found", $"There is no account {accountId}.");
}
