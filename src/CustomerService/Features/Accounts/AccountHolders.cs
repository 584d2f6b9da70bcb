using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Accounts;

/// <summary>
/// The customer whose event stream an account's events, and its premises', belong to: its occupier (the lowest
/// customer id when there are several), whoever made the change — the customer, an agent or staff. Consumers then
/// see one account's changes in one stream, in order.
/// </summary>
public static class AccountHolders
{
    public static async Task<long> OfAsync(CustomerDbContext db, long accountId, CancellationToken ct) =>
        (await OfAsync(db, [accountId], ct))[accountId];

    public static async Task<Dictionary<long, long>> OfAsync(CustomerDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken ct)
    {
        var holders = new Dictionary<long, long>();
        foreach (var chunk in accountIds.Chunk(500))
        {
            var occupiers = await db.AccountParties.Where(p => chunk.Contains(p.Account) && p.Role == AccountRoles.Occupier)
                .GroupBy(p => p.Account).Select(g => new { Account = g.Key, Customer = g.Min(p => p.Customer) }).ToListAsync(ct);
            foreach (var o in occupiers) holders[o.Account] = o.Customer;
        }
        return holders;
    }
}
