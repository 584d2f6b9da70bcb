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
    /// <summary>
    /// In one statement: the customer's accounts with their roles, balance facts and premise counts, each joined to its
    /// meters with the reads usage needs (a row per meter, or one for an account without meters). A join on keys
    /// rather than a correlated collection, which SQLite could not run (no APPLY).
    /// </summary>
    public static async Task<Outcome<CustomerSummaryResponse>> GetAsync(
        ActingCustomer acting, CustomerDbContext db, AccountAccess access, Balances balances, Usage usage, ServiceCalendar calendar, CancellationToken ct)
    {
        var facts = balances.Facts();
        var meters = from m in usage.Facts(calendar.Today)
                     join p in db.Premises on m.PremiseId equals p.Id
                     select new { p.AccountId, Meter = m };
        // The signed-in customer's lookup is part of the statement; a customer without accounts costs a second one.
        var read = await acting.ReadAsync((customer, ct) =>
        {
            var parties = access.PartiesOf(customer);
            return (
                from a in db.Accounts
                join f in facts on a.Id equals f.AccountId
                join m in meters on a.Id equals m.AccountId into accountMeters
                from m in accountMeters.DefaultIfEmpty()
                where parties.Any(p => p.Account == a.Id)
                orderby a.Id, m.Meter.MeterId
                select new
                {
                    a.Id,
                    Roles = parties.Where(p => p.Account == a.Id).Select(p => p.Role).ToList(),
                    Balance = f,
                    Premises = db.Premises.Count(p => p.AccountId == a.Id),
                    Meter = m == null ? null : m.Meter,
                }).AsNoTracking().ToListAsync(ct);
        }, rows => rows.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        var accounts = read.Value.GroupBy(r => r.Id).Select(g => (g.First().Roles, g.First().Balance, g.First().Premises,
            Meters: g.Where(r => r.Meter is not null).Select(r => r.Meter!).ToList())).ToList();

        // Balances count only accounts whose role may see them; usage only those whose role may see usage.
        var owed = accounts.Where(a => AccountPermissions.Allows(a.Roles, AccountPermission.ViewBalances)).Select(a => a.Balance.ToBalance()).ToList();
        var byType = Usage.ByMeterType(accounts.Where(a => AccountPermissions.Allows(a.Roles, AccountPermission.ViewUsage)).SelectMany(a => a.Meters));

        return new CustomerSummaryResponse(
            accounts.Count, accounts.Sum(a => a.Premises), accounts.Sum(a => a.Meters.Count),
            Decimals.Money(owed.Sum(b => b.CurrentBalance)),
            Decimals.Money(owed.Sum(b => b.TotalDueAmount)),
            Decimals.Money(owed.Sum(b => b.PastDueAmount)),
            owed.Where(b => b.NextDueDate is not null).Select(b => b.NextDueDate).Min(),
            byType.ToDictionary(u => u.Key, u => new UsageAmount(Decimals.Trim(u.Value), "kWh")));
    }
}
