using CustomerService.Common;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Billing;

/// <summary>What an account owes, from the bills and payments the billing system reported.</summary>
public sealed record AccountBalance(
    decimal CurrentBalance, decimal TotalDueAmount, decimal PastDueAmount, DateOnly? NextDueDate, DateOnly? LastPaymentDate, decimal? LastPaymentAmount)
{
    public static readonly AccountBalance Zero = new(0m, 0m, 0m, null, null, null);
}

/// <summary>
/// Balance definitions (README, "Balances and usage"), as a customer and the PUCT read a bill: the amount due now
/// (total due, and the current balance) = every unpaid and overdue bill, since overdue money is due too; past due = the
/// overdue part; next due date = the earliest due date of a bill not yet overdue; last payment = the latest payment.
/// </summary>
public sealed class Balances(CustomerDbContext db)
{
    public async Task<Dictionary<long, AccountBalance>> ForAccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken ct)
    {
        var open = await db.Bills.AsNoTracking()
            .Where(b => accountIds.Contains(b.AccountId) && (b.Status == BillStatus.Unpaid || b.Status == BillStatus.Overdue))
            .Select(b => new { b.AccountId, b.Amount, b.Status, b.DueDate }).ToListAsync(ct);
        // The latest payment per account: one indexed query per account keeps this bounded however long the history is.
        var payments = new List<(long AccountId, DateOnly PaymentDate, decimal Amount)>();
        foreach (var id in accountIds)
        {
            var last = await db.Payments.AsNoTracking().Where(p => p.AccountId == id)
                .OrderByDescending(p => p.PaymentDate).ThenByDescending(p => p.Id)
                .Select(p => new { p.PaymentDate, p.Amount }).FirstOrDefaultAsync(ct);
            if (last is not null) payments.Add((id, last.PaymentDate, last.Amount));
        }

        return accountIds.ToDictionary(id => id, id =>
        {
            var bills = open.Where(b => b.AccountId == id).ToList();
            var unpaid = bills.Where(b => b.Status == BillStatus.Unpaid).ToList();
            var dueNow = Decimals.Money(bills.Sum(b => b.Amount));
            var last = payments.Where(p => p.AccountId == id).ToList();
            return new AccountBalance(
                dueNow,
                dueNow,
                Decimals.Money(bills.Where(b => b.Status == BillStatus.Overdue).Sum(b => b.Amount)),
                unpaid.Count == 0 ? null : unpaid.Min(b => b.DueDate),
                last.Count == 0 ? null : last[0].PaymentDate,
                last.Count == 0 ? null : Decimals.Money(last[0].Amount));
        });
    }

    public async Task<AccountBalance> ForAccountAsync(long accountId, CancellationToken ct) =>
        (await ForAccountsAsync([accountId], ct))[accountId];
}
