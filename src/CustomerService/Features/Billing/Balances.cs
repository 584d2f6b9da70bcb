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
/// What a balance is computed from, read in SQL beside whatever else a query reads (<see cref="Balances.Facts"/>):
/// sums of the open bills, the next due date and the latest payment. Never the bills themselves, so its cost does not
/// grow with an account's history.
/// </summary>
public sealed class BalanceFacts
{
    public long AccountId { get; init; }
    /// <summary>Unpaid and overdue bills.</summary>
    public decimal Open { get; init; }
    public decimal Overdue { get; init; }
    /// <summary>The earliest due date of an unpaid bill.</summary>
    public DateOnly? NextDueDate { get; init; }
    public DateOnly? LastPaymentDate { get; init; }
    public decimal? LastPaymentAmount { get; init; }

    public AccountBalance ToBalance()
    {
        var dueNow = Decimals.Money(Open);
        return new AccountBalance(dueNow, dueNow, Decimals.Money(Overdue), NextDueDate, LastPaymentDate,
            LastPaymentAmount is { } amount ? Decimals.Money(amount) : null);
    }
}

/// <summary>
/// Balance definitions (README, "Balances and usage"), as a customer and the PUCT read a bill: the amount due now
/// (total due, and the current balance) = every unpaid and overdue bill, since overdue money is due too; past due = the
/// overdue part; next due date = the earliest due date of a bill not yet overdue; last payment = the latest payment.
/// </summary>
public sealed class Balances(CustomerDbContext db)
{
    /// <summary>
    /// Every account's <see cref="BalanceFacts"/>, to filter or join in a larger query: each part is an indexed
    /// subquery of the account (bills by account and status, payments by account and date), evaluated only for the
    /// accounts the query keeps.
    /// </summary>
    public IQueryable<BalanceFacts> Facts() => db.Accounts.AsNoTracking().Select(a => new BalanceFacts
    {
        AccountId = a.Id,
        Open = db.Bills.Where(b => b.AccountId == a.Id && (b.Status == BillStatus.Unpaid || b.Status == BillStatus.Overdue)).Sum(b => b.Amount),
        Overdue = db.Bills.Where(b => b.AccountId == a.Id && b.Status == BillStatus.Overdue).Sum(b => b.Amount),
        NextDueDate = db.Bills.Where(b => b.AccountId == a.Id && b.Status == BillStatus.Unpaid).OrderBy(b => b.DueDate)
            .Select(b => (DateOnly?)b.DueDate).FirstOrDefault(),
        LastPaymentDate = db.Payments.Where(p => p.AccountId == a.Id).OrderByDescending(p => p.PaymentDate).ThenByDescending(p => p.Id)
            .Select(p => (DateOnly?)p.PaymentDate).FirstOrDefault(),
        LastPaymentAmount = db.Payments.Where(p => p.AccountId == a.Id).OrderByDescending(p => p.PaymentDate).ThenByDescending(p => p.Id)
            .Select(p => (decimal?)p.Amount).FirstOrDefault(),
    });

    /// <summary>The balances of several accounts in one statement.</summary>
    public async Task<Dictionary<long, AccountBalance>> ForAccountsAsync(IReadOnlyCollection<long> accountIds, CancellationToken ct)
    {
        var facts = await Facts().Where(f => accountIds.Contains(f.AccountId)).ToListAsync(ct);
        return facts.ToDictionary(f => f.AccountId, f => f.ToBalance());
    }

    public async Task<AccountBalance> ForAccountAsync(long accountId, CancellationToken ct) =>
        (await ForAccountsAsync([accountId], ct)).GetValueOrDefault(accountId) ?? AccountBalance.Zero;
}
