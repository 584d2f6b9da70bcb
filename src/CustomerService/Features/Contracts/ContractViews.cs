using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Contracts;

/// <summary>customer-service.md's Contract Response.</summary>
public sealed record ContractResponse(
    long ContractId, string ContractNumber, long CustomerId, string Status, DateOnly StartDate, DateOnly EndDate, DateTime SignedAt,
    ContractPlan Plan, decimal EarlyTerminationFee, IReadOnlyList<ContractAccountResponse> Accounts);

public sealed record ContractPlan(long PlanId, string Name, decimal RatePerKwh, int TermMonths, string PlanType);

public sealed record ContractAccountResponse(long AccountId, string AccountNumber, DateTime AddedAt);

/// <summary>customer-service.md's Contract List Response.</summary>
public sealed record ContractListResponse(IReadOnlyList<ContractListItem> Contracts);

public sealed record ContractListItem(long ContractId, string ContractNumber, string Status, DateOnly StartDate, DateOnly EndDate, string PlanName, int AccountCount);

public sealed record ContractDetailListResponse(IReadOnlyList<ContractResponse> Contracts);

public sealed record ContractAccountsResponse(IReadOnlyList<ContractAccountResponse> Accounts);

/// <summary>Which contracts a customer reaches: their own, and those covering accounts where they are occupier or agent.</summary>
public sealed class ContractAccess(CustomerDbContext db)
{
    public IQueryable<Contract> VisibleTo(long customerId)
    {
        var managed = db.AccountParties.Where(p => p.Customer == customerId && (p.Role == AccountRoles.Occupier || p.Role == AccountRoles.Agent)).Select(p => p.Account);
        var covering = db.ContractAccounts.Where(ca => managed.Contains(ca.AccountId)).Select(ca => ca.ContractId);
        return db.Contracts.Where(c => c.CustomerId == customerId || covering.Contains(c.Id));
    }

    public Task<Contract?> FindAsync(long customerId, long contractId, CancellationToken ct) =>
        VisibleTo(customerId).FirstOrDefaultAsync(c => c.Id == contractId, ct);

    public async Task<List<ContractAccountResponse>> AccountsAsync(long contractId, CancellationToken ct) =>
        await (from ca in db.ContractAccounts
               join a in db.Accounts on ca.AccountId equals a.Id
               where ca.ContractId == contractId
               orderby a.Id
               select new ContractAccountResponse(a.Id, a.AccountNumber, ca.AddedAt)).AsNoTracking().ToListAsync(ct);

    public async Task<Dictionary<long, int>> AccountCountsAsync(IReadOnlyCollection<long> contractIds, CancellationToken ct) =>
        (await db.ContractAccounts.Where(ca => contractIds.Contains(ca.ContractId)).Select(ca => ca.ContractId).ToListAsync(ct))
        .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

    public async Task<ContractResponse> ResponseAsync(Contract c, DateOnly today, CancellationToken ct) => new(
        c.Id, c.ContractNumber, c.CustomerId, c.StatusOn(today), c.StartDate, c.EndDate, c.SignedAt,
        new ContractPlan(c.PlanId, c.PlanName, Decimals.Trim(c.RatePerKwh), c.TermMonths, c.PlanType),
        Decimals.Money(c.EarlyTerminationFee), await AccountsAsync(c.Id, ct));
}
