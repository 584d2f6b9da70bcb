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
    public static async Task<AccountListResponse> ListAsync(ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var roles = await access.AccountsOfAsync(acting.CustomerId, ct);
        var ids = roles.Keys.ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);
        return new AccountListResponse(accounts.Select(a => new AccountListItem(a.Id, a.AccountNumber, a.Nickname, a.Status, Sorted(roles[a.Id]))).ToList());
    }

    public static async Task<Outcome<AccountDetailResponse>> GetAsync(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var roles = await access.RolesAsync(acting.CustomerId, accountId, ct);
        if (roles.Length == 0) return AccountRefusals.NotFound(accountId);
        return await DetailAsync(accountId, roles, balances, db, ct);
    }

    private static async Task<AccountDetailResponse> DetailAsync(long accountId, string[] roles, Balances balances, CustomerDbContext db, CancellationToken ct) =>
        (await DetailsAsync(new Dictionary<long, string[]> { [accountId] = roles }, balances, db, ct))[0];

    /// <summary>
    /// The details of several accounts in a few queries whatever their number (a business holds many): balances
    /// only where the role may see them, premises likewise.
    /// </summary>
    public static async Task<List<AccountDetailResponse>> DetailsAsync(
        IReadOnlyDictionary<long, string[]> rolesByAccount, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var ids = rolesByAccount.Keys.ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(ct);
        var balanceIds = ids.Where(id => AccountPermissions.Allows(rolesByAccount[id], AccountPermission.ViewBalances)).ToList();
        var owed = balanceIds.Count == 0 ? [] : await balances.ForAccountsAsync(balanceIds, ct);
        var premiseIds = ids.Where(id => AccountPermissions.Allows(rolesByAccount[id], AccountPermission.ViewPremises)).ToList();
        var premises = premiseIds.Count == 0 ? [] : await PremiseViews.ForAccountsAsync(db, premiseIds, ct);
        return accounts.Select(a =>
        {
            var balance = owed.GetValueOrDefault(a.Id);
            return new AccountDetailResponse(a.Id, a.AccountNumber, a.Nickname, a.Status, Sorted(rolesByAccount[a.Id]),
                balance?.CurrentBalance, balance?.LastPaymentDate, balance?.LastPaymentAmount, premises.Where(p => p.AccountId == a.Id).ToList());
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
        return await DetailAsync(accountId, roles, balances, db, ct);
    }

    public static async Task<Outcome<AccountSummaryResponse>> SummaryAsync(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct)
    {
        var roles = await access.RolesAsync(acting.CustomerId, accountId, ct);
        if (roles.Length == 0) return AccountRefusals.NotFound(accountId);
        if (!AccountPermissions.Allows(roles, AccountPermission.ViewBalances)) return AccountRefusals.ForRole("see this account's balances");
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == accountId, ct);
        var balance = await balances.ForAccountAsync(accountId, ct);
        var bills = await db.Bills.AsNoTracking().Where(b => b.AccountId == accountId).OrderByDescending(b => b.IssueDate).ThenByDescending(b => b.Id).Take(12)
            .Select(b => new BillResponse(b.BillNumber, b.IssueDate, b.DueDate, b.Amount, b.Status)).ToListAsync(ct);
        return new AccountSummaryResponse(account.Id, account.AccountNumber, balance.CurrentBalance, balance.TotalDueAmount,
            balance.PastDueAmount, balance.NextDueDate, balance.LastPaymentDate, balance.LastPaymentAmount, bills.Select(b => b with { Amount = Decimals.Money(b.Amount) }).ToList());
    }

    public static async Task<Outcome<PremiseListResponse>> PremisesAsync(
        long accountId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var roles = await access.RolesAsync(acting.CustomerId, accountId, ct);
        if (roles.Length == 0) return AccountRefusals.NotFound(accountId);
        if (!AccountPermissions.Allows(roles, AccountPermission.ViewPremises)) return AccountRefusals.ForRole("see this account's premises");
        return new PremiseListResponse(await PremiseViews.ForAccountsAsync(db, [accountId], ct));
    }

    private static List<string> Sorted(IEnumerable<string> roles) => roles.Order(StringComparer.Ordinal).ToList();
}
