using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Customers;

/// <summary>customer-service.md's Customer Summary Response.</summary>
public sealed record CustomerSummaryResponse(
    int TotalAccounts, int TotalPremises, int TotalMeters, decimal TotalCurrentBalance, decimal TotalDueAmount, decimal TotalPastDueAmount, DateOnly? NextDueDate,
    IReadOnlyDictionary<string, UsageAmount> UsageByType);

public sealed record UsageAmount(decimal Usage, string Unit);

/// <summary>
/// The aggregate across every account the customer holds a role on. Balances count only accounts whose role
/// may see balances; usage only accounts whose role may see usage (a landlord sees neither).
/// </summary>
public static class CustomerSummary
{
    public static async Task<CustomerSummaryResponse> GetAsync(
        ActingCustomer acting, CustomerDbContext db, AccountAccess access, Balances balances, Usage usage, ServiceCalendar calendar, CancellationToken ct)
    {
        var accounts = await access.AccountsOfAsync(acting.CustomerId, ct);
        var ids = accounts.Keys.ToList();
        var premiseIds = await db.Premises.Where(p => ids.Contains(p.AccountId)).Select(p => new { p.Id, p.AccountId }).ToListAsync(ct);
        var pIds = premiseIds.Select(p => p.Id).ToList();
        var meters = await db.Meters.Where(m => m.PremiseId != null && pIds.Contains(m.PremiseId.Value)).Select(m => new { m.Id, PremiseId = m.PremiseId!.Value }).ToListAsync(ct);

        var balanceAccounts = ids.Where(id => AccountPermissions.Allows(accounts[id], AccountPermission.ViewBalances)).ToList();
        var owed = (await balances.ForAccountsAsync(balanceAccounts, ct)).Values.ToList();
        var usageAccounts = ids.Where(id => AccountPermissions.Allows(accounts[id], AccountPermission.ViewUsage)).ToHashSet();
        var usageMeters = meters.Where(m => usageAccounts.Contains(premiseIds.First(p => p.Id == m.PremiseId).AccountId)).Select(m => m.Id).ToList();
        var byType = await usage.ByMeterTypeAsync(usageMeters, calendar.Today, ct);

        return new CustomerSummaryResponse(
            ids.Count, premiseIds.Count, meters.Count,
            Decimals.Money(owed.Sum(b => b.CurrentBalance)),
            Decimals.Money(owed.Sum(b => b.TotalDueAmount)),
            Decimals.Money(owed.Sum(b => b.PastDueAmount)),
            owed.Where(b => b.NextDueDate is not null).Select(b => b.NextDueDate).Min(),
            byType.ToDictionary(u => u.Key, u => new UsageAmount(Decimals.Trim(u.Value), "kWh")));
    }
}
