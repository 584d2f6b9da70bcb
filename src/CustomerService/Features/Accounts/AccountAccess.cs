using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Accounts;

public enum AccountPermission
{
    /// <summary>See that the account exists: number, nickname, status.</summary>
    View,
    /// <summary>Balances, bills and payments.</summary>
    ViewBalances,
    /// <summary>Premises, their meters and their status.</summary>
    ViewPremises,
    /// <summary>Meter readings and usage.</summary>
    ViewUsage,
    /// <summary>Change the account, its premises and its contracts.</summary>
    Manage,
}

/// <summary>
/// What a role on an account allows (DESIGN.md section 2): occupier full control; agent reads and manages on the
/// occupier's behalf; landlord reads the premise and its status, never bills or usage; billing reads balances and bills.
/// </summary>
public static class AccountPermissions
{
    public static bool Allows(IEnumerable<string> roles, AccountPermission permission) => roles.Any(role => (role, permission) switch
    {
        (AccountRoles.Occupier or AccountRoles.Agent, _) => true,
        (AccountRoles.Landlord, AccountPermission.View or AccountPermission.ViewPremises) => true,
        (AccountRoles.Billing, AccountPermission.View or AccountPermission.ViewBalances) => true,
        _ => false,
    });
}

/// <summary>Finds a customer's roles on accounts, and the account behind a premise. No role means the resource does not exist for them (404).</summary>
public sealed class AccountAccess(CustomerDbContext db)
{
    /// <summary>The customer's roles, to compose into a query that reads an account's data and its roles in one statement.</summary>
    public IQueryable<AccountParty> PartiesOf(long customerId) => db.AccountParties.AsNoTracking().Where(p => p.Customer == customerId);

    /// <summary>
    /// The acting customer's roles, as <see cref="PartiesOf(long)"/>; for a customer not looked up yet
    /// (<see cref="ActingCustomer.IsResolved"/> false), found by the token's subject inside the same statement.
    /// </summary>
    public IQueryable<AccountParty> PartiesOf(ActingCustomer acting)
    {
        if (acting.IsResolved) return PartiesOf(acting.CustomerId);
        var subject = acting.Subject;
        return db.AccountParties.AsNoTracking().Where(p => db.Customers.Any(c => c.Id == p.Customer && c.Subject == subject));
    }

    public async Task<string[]> RolesAsync(long customerId, long accountId, CancellationToken ct) =>
        await db.AccountParties.Where(p => p.Customer == customerId && p.Account == accountId).Select(p => p.Role).ToArrayAsync(ct);

    public async Task<(Premise Premise, string[] Roles)?> PremiseAsync(long customerId, long premiseId, CancellationToken ct)
    {
        var premise = await db.Premises.FirstOrDefaultAsync(p => p.Id == premiseId, ct);
        if (premise is null) return null;
        var roles = await RolesAsync(customerId, premise.AccountId, ct);
        return roles.Length == 0 ? null : (premise, roles);
    }
}
