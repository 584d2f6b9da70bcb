using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Contracts;

/// <summary>
/// A contract as a customer sees it today: its terms, its status on today's date, and what the rules allow now
/// (renew from <see cref="RenewableFrom"/>, cancel for <see cref="FeeIfCancelledToday"/>).
/// </summary>
public sealed record ContractView(
    long Id, string ContractNumber, long PlanId, string PlanName, string Status, DateOnly StartDate, DateOnly EndDate, int TermMonths,
    decimal RatePerKwh, decimal BaseCharge, decimal EarlyTerminationFee, DateTime? CancelledAt, decimal? EtfCharged,
    bool CanRenew, DateOnly RenewableFrom, DateOnly RenewalStart, EtfDecision? FeeIfCancelledToday)
{
    public bool CanCancel => FeeIfCancelledToday is not null;

    public static ContractView Of(Contract c, DateOnly today) => new(
        c.Id, c.ContractNumber, c.PlanId, c.PlanName, c.StatusOn(today), c.StartDate, c.EndDate, c.TermMonths,
        c.RatePerKwh, c.BaseCharge, c.EarlyTerminationFee, c.CancelledAt, c.EtfCharged,
        c.CanRenew(today), c.EndDate.AddDays(-Contract.RenewalWindowDays), c.RenewalStart(today),
        c.CanCancel(today) ? c.EtfIfCancelled(today) : null);
}

/// <summary>The contracts a customer reaches (<see cref="ContractAccess"/>), read the same way by the API and the portal.</summary>
public static class CustomerContracts
{
    public static async Task<ContractListResponse> ListAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var contracts = await Newest(access, acting).ToListAsync(ct);
        var counts = await access.AccountCountsAsync(contracts.Select(c => c.Id).ToList(), ct);
        var today = calendar.Today;
        return new ContractListResponse(contracts.Select(c => new ContractListItem(
            c.Id, c.ContractNumber, c.StatusOn(today), c.StartDate, c.EndDate, c.PlanName, counts.GetValueOrDefault(c.Id))).ToList());
    }

    /// <summary>Contracts in force today: stored active or pending-but-started, and not past the end date.</summary>
    public static async Task<ContractDetailListResponse> ActiveAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        var candidates = await access.VisibleTo(acting.CustomerId).AsNoTracking()
            .Where(c => (c.Status == ContractStatus.Active || c.Status == ContractStatus.Pending) && c.StartDate <= today && c.EndDate >= today)
            .OrderBy(c => c.EndDate).ToListAsync(ct);
        var responses = new List<ContractResponse>();
        foreach (var c in candidates) responses.Add(await access.ResponseAsync(c, today, ct));
        return new ContractDetailListResponse(responses);
    }

    /// <summary>Signed but not started yet (a new customer's first contract, a renewal), soonest first.</summary>
    public static async Task<IReadOnlyList<ContractView>> UpcomingAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        var upcoming = await access.VisibleTo(acting.CustomerId).AsNoTracking()
            .Where(c => c.Status == ContractStatus.Pending && c.StartDate > today).OrderBy(c => c.StartDate).ToListAsync(ct);
        return upcoming.Select(c => ContractView.Of(c, today)).ToList();
    }

    /// <summary>Every contract, newest first, with what today's rules allow.</summary>
    public static async Task<IReadOnlyList<ContractView>> ViewsAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        return (await Newest(access, acting).ToListAsync(ct)).Select(c => ContractView.Of(c, today)).ToList();
    }

    public static async Task<Outcome<ContractView>> ViewAsync(long contractId, ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct) =>
        await access.FindAsync(acting.CustomerId, contractId, ct) is { } contract ? ContractView.Of(contract, calendar.Today) : NotFound(contractId);

    public static async Task<Outcome<ContractResponse>> GetAsync(long contractId, ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct) =>
        await access.FindAsync(acting.CustomerId, contractId, ct) is { } contract ? await access.ResponseAsync(contract, calendar.Today, ct) : NotFound(contractId);

    public static async Task<Outcome<ContractAccountsResponse>> AccountsAsync(long contractId, ActingCustomer acting, ContractAccess access, CancellationToken ct) =>
        await access.FindAsync(acting.CustomerId, contractId, ct) is not null ? new ContractAccountsResponse(await access.AccountsAsync(contractId, ct)) : NotFound(contractId);

    public static Refusal NotFound(long contractId) =>
        Refusal.NotFound("Contract not found", $"There is no contract {contractId} among your contracts.");

    private static IQueryable<Contract> Newest(ContractAccess access, ActingCustomer acting) =>
        access.VisibleTo(acting.CustomerId).AsNoTracking().OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id);
}
