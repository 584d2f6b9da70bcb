using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Billing;
using CustomerService.Features.Customers;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Accounts;

public sealed record AccountListResponse(IReadOnlyList<AccountListItem> Accounts);

public sealed record AccountListItem(long AccountId, string AccountNumber, string? Nickname, string Status, IReadOnlyList<string> Roles);

/// <summary>customer-service.md's Account Detail Response. Balances are null for a role that may not see them; premises empty likewise.</summary>
public sealed record AccountDetailResponse(
    long AccountId, string AccountNumber, string? Nickname, string Status, IReadOnlyList<string> Roles,
    decimal? CurrentBalance, DateOnly? LastPaymentDate, decimal? LastPaymentAmount, IReadOnlyList<PremiseResponse> Premises);

public sealed record AccountSummaryResponse(
    long AccountId, string AccountNumber, decimal CurrentBalance, decimal TotalDueAmount, decimal PastDueAmount, DateOnly? NextDueDate,
    DateOnly? LastPaymentDate, decimal? LastPaymentAmount, IReadOnlyList<BillResponse> RecentBills);

public sealed record BillResponse(string BillNumber, DateOnly IssueDate, DateOnly DueDate, decimal Amount, string Status);

public sealed record UpdateAccountRequest(string? Nickname);

public sealed record PremiseListResponse(IReadOnlyList<PremiseResponse> Premises);

/// <summary>
/// The accounts a customer holds a role on: list them, read one with its balance and premises (each part only where
/// the role allows), its summary, its premises, and rename it. The API and the portal read them through here.
/// </summary>
public static class CustomerAccounts
{
    /// <summary>The accounts with the customer's roles on each, in one statement (the signed-in customer's lookup included).</summary>
    public static async Task<Outcome<AccountListResponse>> ListAsync(ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var read = await acting.ReadAsync((customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            return (
                from a in db.Accounts.AsNoTracking()
                where parties.Any(p => p.Account == a.Id)
                orderby a.Id
                select new { a.Id, a.AccountNumber, a.Nickname, a.Status, Roles = parties.Where(p => p.Account == a.Id).Select(p => p.Role).ToList() })
                .ToListAsync(ct);
        }, accounts => accounts.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return new AccountListResponse(read.Value.Select(a => new AccountListItem(a.Id, a.AccountNumber, a.Nickname, a.Status, Sorted(a.Roles))).ToList());
    }

    /// <summary>One statement, the signed-in customer's lookup included (<see cref="ActingCustomer.ReadAsync{T}"/>).</summary>
    public static async Task<Outcome<AccountDetailResponse>> GetAsync(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var read = await acting.ReadAsync((customer, ct) => DetailsAsync(access.PartiesOf(customer), accountId, balances, db, ct), details => details.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return read.Value.SingleOrDefault() is { } detail ? detail : AccountRefusals.NotFound(accountId);
    }

    /// <summary>
    /// The details of the accounts the customer holds a role on (<paramref name="parties"/>: <see cref="AccountAccess.PartiesOf(long)"/>),
    /// or of the one named if they hold a role on it, with those roles, in one statement whatever their number (a
    /// business holds many): balances only where the role may see them, premises likewise. The permission rules stay
    /// in <see cref="AccountPermissions"/>: the statement reads the parts, the rules decide which are shown.
    /// </summary>
    public static async Task<List<AccountDetailResponse>> DetailsAsync(
        IQueryable<AccountParty> parties, long? accountId, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var accounts = db.Accounts.AsNoTracking().Where(a => parties.Any(p => p.Account == a.Id));
        if (accountId is { } id) accounts = accounts.Where(a => a.Id == id);
        var facts = balances.Facts();
        var premise = PremiseViews.Projection(db);
        var rows = await (
            from a in accounts
            join f in facts on a.Id equals f.AccountId
            orderby a.Id
            select new
            {
                a.Id, a.AccountNumber, a.Nickname, a.Status,
                Roles = parties.Where(p => p.Account == a.Id).Select(p => p.Role).ToList(),
                Balance = f,
                Premises = db.Premises.Where(p => p.AccountId == a.Id).OrderBy(p => p.Id).Select(premise).ToList(),
            }).ToListAsync(ct);
        return rows.Select(a =>
        {
            var balance = AccountPermissions.Allows(a.Roles, AccountPermission.ViewBalances) ? a.Balance.ToBalance() : null;
            IReadOnlyList<PremiseResponse> premises = AccountPermissions.Allows(a.Roles, AccountPermission.ViewPremises) ? a.Premises : [];
            return new AccountDetailResponse(a.Id, a.AccountNumber, a.Nickname, a.Status, Sorted(a.Roles),
                balance?.CurrentBalance, balance?.LastPaymentDate, balance?.LastPaymentAmount, premises);
        }).ToList();
    }

    public static async Task<Outcome<AccountDetailResponse>> UpdateAsync(
        long accountId, UpdateAccountRequest? request, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db,
        TimeProvider time, CancellationToken ct)
    {
        var roles = await access.RolesAsync(acting.CustomerId, accountId, ct);
        if (roles.Length == 0) return AccountRefusals.NotFound(accountId);
        if (!AccountPermissions.Allows(roles, AccountPermission.Manage)) return AccountRefusals.ForRole("change this account");
        var errors = new ValidationErrors();
        if (request is null) errors.AddMissingBody();
        else Text.Optional(request.Nickname, "nickname", "Nickname", 100, errors);
        if (!errors.IsEmpty) return errors;

        var account = await db.Accounts.FirstAsync(a => a.Id == accountId, ct);
        var nickname = Text.Clean(request!.Nickname);
        if (nickname != account.Nickname)
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.LogChange(acting.CustomerId, "account", acting.Actor, now, new { accountId, nickname = account.Nickname }, new { accountId, nickname });
            account.Nickname = nickname;
            account.UpdatedAt = now;
            db.Record(await AccountHolders.OfAsync(db, accountId, ct), new AccountUpdatedEvent(accountId, account.AccountNumber, nickname, now));
            await db.SaveChangesAsync(ct);
        }
        return (await DetailsAsync(access.PartiesOf(acting.CustomerId), accountId, balances, db, ct)).Single();
    }

    /// <summary>The account's balance and its latest twelve bills, with the customer's roles on it, in one statement (the signed-in customer's lookup included).</summary>
    public static async Task<Outcome<AccountSummaryResponse>> SummaryAsync(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var facts = balances.Facts();
        var read = await acting.ReadAsync((customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            return (
                from a in db.Accounts.AsNoTracking()
                join f in facts on a.Id equals f.AccountId
                where a.Id == accountId && parties.Any(p => p.Account == a.Id)
                select new
                {
                    a.Id, a.AccountNumber,
                    Roles = parties.Where(p => p.Account == a.Id).Select(p => p.Role).ToList(),
                    Balance = f,
                    Bills = db.Bills.Where(b => b.AccountId == a.Id).OrderByDescending(b => b.IssueDate).ThenByDescending(b => b.Id).Take(12)
                        .Select(b => new BillResponse(b.BillNumber, b.IssueDate, b.DueDate, b.Amount, b.Status)).ToList(),
                }).SingleOrDefaultAsync(ct);
        }, account => account is null, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        var account = read.Value;
        if (account is null) return AccountRefusals.NotFound(accountId);
        if (!AccountPermissions.Allows(account.Roles, AccountPermission.ViewBalances)) return AccountRefusals.ForRole("see this account's balances");
        var balance = account.Balance.ToBalance();
        return new AccountSummaryResponse(account.Id, account.AccountNumber, balance.CurrentBalance, balance.TotalDueAmount,
            balance.PastDueAmount, balance.NextDueDate, balance.LastPaymentDate, balance.LastPaymentAmount, account.Bills.Select(b => b with { Amount = Decimals.Money(b.Amount) }).ToList());
    }

    /// <summary>The account's premises with their meters, if the customer's role may see them: one statement (the lookup included).</summary>
    public static async Task<Outcome<PremiseListResponse>> PremisesAsync(
        long accountId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var read = await CustomerPremises.ReadAsync(acting, access, db, accountId, premiseId: null, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        if (read.Value is not { } account) return AccountRefusals.NotFound(accountId);
        if (!AccountPermissions.Allows(account.Roles, AccountPermission.ViewPremises)) return AccountRefusals.ForRole("see this account's premises");
        return new PremiseListResponse(account.Premises);
    }

    private static List<string> Sorted(IEnumerable<string> roles) => roles.Order(StringComparer.Ordinal).ToList();
}
