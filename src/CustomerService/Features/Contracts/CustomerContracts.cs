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

/// <summary>
/// The contracts a customer reaches (<see cref="ContractAccess"/>), read the same way by the API and the portal. Each
/// read is one statement, the signed-in customer's lookup included (<see cref="ActingCustomer.ReadAsync{T}"/>).
/// </summary>
public static class CustomerContracts
{
    public static async Task<Outcome<ContractListResponse>> ListAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var read = await acting.ReadAsync((customer, ct) => access.WithAccountCounts(Newest(access, customer)).ToListAsync(ct), list => list.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        var today = calendar.Today;
        return new ContractListResponse(read.Value.Select(r => new ContractListItem(
            r.Contract.Id, r.Contract.ContractNumber, r.Contract.StatusOn(today), r.Contract.StartDate, r.Contract.EndDate, r.Contract.PlanName, r.AccountCount)).ToList());
    }

    /// <summary>Contracts in force today: stored active or pending-but-started, and not past the end date.</summary>
    public static async Task<Outcome<ContractDetailListResponse>> ActiveAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        var read = await acting.ReadAsync((customer, ct) => access.WithAccounts(access.VisibleTo(customer)
            .Where(c => (c.Status == ContractStatus.Active || c.Status == ContractStatus.Pending) && c.StartDate <= today && c.EndDate >= today)
            .OrderBy(c => c.EndDate).ThenBy(c => c.Id)).ToListAsync(ct), list => list.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return new ContractDetailListResponse(read.Value.Select(r => ContractAccess.Response(r, today)).ToList());
    }

    /// <summary>Signed but not started yet (a new customer's first contract, a renewal), soonest first.</summary>
    public static async Task<IReadOnlyList<ContractView>> UpcomingAsync(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        var upcoming = await access.VisibleTo(acting).AsNoTracking()
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

    public static async Task<Outcome<ContractResponse>> GetAsync(long contractId, ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var read = await OneAsync(contractId, acting, access, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return read.Value.SingleOrDefault() is { } found ? ContractAccess.Response(found, calendar.Today) : NotFound(contractId);
    }

    public static async Task<Outcome<ContractAccountsResponse>> AccountsAsync(long contractId, ActingCustomer acting, ContractAccess access, CancellationToken ct)
    {
        var read = await OneAsync(contractId, acting, access, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return read.Value.SingleOrDefault() is { } found ? new ContractAccountsResponse(found.Accounts) : NotFound(contractId);
    }

    public static Refusal NotFound(long contractId) =>
        Refusal.NotFound("Contract not found", $"There is no contract {contractId} among your contracts.");

    /// <summary>The contract with its accounts if the customer reaches it: an empty list when not.</summary>
    private static Task<ActingRead<List<ContractWithAccounts>>> OneAsync(long contractId, ActingCustomer acting, ContractAccess access, CancellationToken ct) =>
        acting.ReadAsync((customer, ct) => access.WithAccounts(access.VisibleTo(customer).Where(c => c.Id == contractId)).ToListAsync(ct), list => list.Count == 0, ct);

    private static IQueryable<Contract> Newest(ContractAccess access, ActingCustomer acting) =>
        access.VisibleTo(acting).AsNoTracking().OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id);
}
