using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Contracts;

/// <summary>
/// A customer's contract on a plan, covering one or more accounts. The plan's price terms are copied at
/// signing: later catalog changes never alter a signed contract. Cancelling and renewing record their own events,
/// in the customer's stream.
/// </summary>
public sealed partial class Contract : EventRecordingEntity
{
    private Contract() { }

    protected override long EventStream => CustomerId;

    public long Id { get; private set; }
    public string ContractNumber { get; private set; } = null!;
    public long CustomerId { get; private set; }
    public long PlanId { get; private set; }
    public string PlanName { get; private set; } = null!;
    public string PlanType { get; private set; } = null!;
    public string Status { get; private set; } = null!;
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public DateTime SignedAt { get; private set; }
    public decimal RatePerKwh { get; private set; }
    public decimal BaseCharge { get; private set; }
    public int TermMonths { get; private set; }
    public decimal EarlyTerminationFee { get; private set; }
    public long? RenewedFromContractId { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public decimal? EtfCharged { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>When ContractExpiring was recorded for this contract; set once by the lifecycle job.</summary>
    public DateTime? ExpiryNoticeSentAt { get; private set; }

    public static Contract Sign(string contractNumber, long customerId, Plan plan, DateOnly startDate, DateTime signedAt, long? renewedFrom = null) => new()
    {
        ContractNumber = contractNumber,
        CustomerId = customerId,
        PlanId = plan.Id,
        PlanName = plan.Name,
        PlanType = plan.PlanType,
        Status = ContractStatus.Pending,
        StartDate = startDate,
        EndDate = ContractTerms.EndDate(startDate, plan.TermMonths),
        SignedAt = signedAt,
        RatePerKwh = plan.RatePerKwh,
        BaseCharge = plan.BaseCharge,
        TermMonths = plan.TermMonths,
        EarlyTerminationFee = plan.EarlyTerminationFee,
        RenewedFromContractId = renewedFrom,
        UpdatedAt = signedAt,
    };
}

public sealed partial class Contract
{
    /// <summary>
    /// A contract that continues <paramref name="previous"/> at a new premise (a move keeping its plan): the same plan and
    /// price terms, the remaining term carried over (the same end date), starting on <paramref name="startDate"/>.
    /// </summary>
    public static Contract CarryOver(Contract previous, string contractNumber, long customerId, DateOnly startDate, DateTime signedAt) => new()
    {
        ContractNumber = contractNumber,
        CustomerId = customerId,
        PlanId = previous.PlanId,
        PlanName = previous.PlanName,
        PlanType = previous.PlanType,
        Status = ContractStatus.Pending,
        StartDate = startDate,
        EndDate = previous.EndDate,
        SignedAt = signedAt,
        RatePerKwh = previous.RatePerKwh,
        BaseCharge = previous.BaseCharge,
        TermMonths = previous.TermMonths,
        EarlyTerminationFee = previous.EarlyTerminationFee,
        RenewedFromContractId = null,
        UpdatedAt = signedAt,
    };

    /// <summary>
    /// The status on a date: pending until the start date, active from it, expired after the end date; cancelled
    /// and renewed as set. The lifecycle job stores the moves; reading through this never shows a stale status.
    /// </summary>
    public string StatusOn(DateOnly today) => Status switch
    {
        ContractStatus.Pending when today > EndDate => ContractStatus.Expired,
        ContractStatus.Pending when today >= StartDate => ContractStatus.Active,
        ContractStatus.Active when today > EndDate => ContractStatus.Expired,
        _ => Status,
    };

    /// <summary>Days from today to the end date (0 on the end date itself).</summary>
    public int DaysToEnd(DateOnly today) => EndDate.DayNumber - today.DayNumber;

    public bool CanCancel(DateOnly today) => StatusOn(today) is ContractStatus.Pending or ContractStatus.Active;

    /// <summary>The fee a cancellation today would charge: the ETF recorded at signing, unless within the last 14 days of the term or before service started.</summary>
    public EtfDecision EtfIfCancelled(DateOnly today)
    {
        var status = StatusOn(today);
        if (!CanCancel(today)) throw new InvalidOperationException($"A {status} contract cannot be cancelled.");
        return status == ContractStatus.Pending
            ? new EtfDecision(0m, EarlyTerminationFee, "Waived: service under this contract had not started.")
            : EarlyTerminationFee == 0m
                ? new EtfDecision(0m, 0m, "This plan has no early termination fee.")
                : DaysToEnd(today) <= EtfWaiverDays
                    ? new EtfDecision(0m, EarlyTerminationFee, $"Waived: cancelled within the last {EtfWaiverDays} days before the end date ({EndDate:yyyy-MM-dd}).")
                    : new EtfDecision(EarlyTerminationFee, EarlyTerminationFee, $"Charged: cancelled {DaysToEnd(today)} days before the end date ({EndDate:yyyy-MM-dd}); the fee is waived only within the last {EtfWaiverDays} days.");
    }

    /// <summary>Cancels, charging <see cref="EtfIfCancelled"/>; <paramref name="reason"/> is the customer's own.</summary>
    public EtfDecision Cancel(DateOnly today, DateTime now, string? reason) => CancelWith(EtfIfCancelled(today), now, reason);

    /// <summary>
    /// Cancels under the customer's right of rescission (16 TAC §25.474): never a fee, whether or not service started.
    /// The caller has checked the window (<c>RightOfRescission</c>).
    /// </summary>
    public EtfDecision Rescind(DateOnly windowClosesOn, DateTime now, string? reason)
    {
        if (Status is not (ContractStatus.Pending or ContractStatus.Active))
            throw new InvalidOperationException($"A {Status} contract cannot be rescinded.");
        return CancelWith(new EtfDecision(0m, EarlyTerminationFee,
            $"Waived: rescinded within the right of rescission (3 federal business days, until {windowClosesOn:yyyy-MM-dd})."), now, reason);
    }

    /// <summary>
    /// Cancels because the customer moves out of the only premise the contract covers: the fee is waived, as the
    /// EFL promises when the customer moves; otherwise <see cref="EtfIfCancelled"/> applies.
    /// </summary>
    public EtfDecision CancelForStop(DateOnly stopDate, DateTime now, bool becauseOfMove, string? reason) =>
        CancelWith(EtfIfStopped(stopDate, becauseOfMove), now, reason);

    /// <summary>The fee a stop of service on <paramref name="stopDate"/> would charge: waived for a move, else the cancel rules'.</summary>
    public EtfDecision EtfIfStopped(DateOnly stopDate, bool becauseOfMove)
    {
        var decision = EtfIfCancelled(stopDate);
        return becauseOfMove && decision.Charged > 0
            ? new EtfDecision(0m, decision.ContractFee, "Waived: the customer is moving out of the premises this contract covers.")
            : decision;
    }

    private EtfDecision CancelWith(EtfDecision decision, DateTime now, string? reason)
    {
        Status = ContractStatus.Cancelled;
        CancelledAt = now;
        EtfCharged = decision.Charged;
        UpdatedAt = now;
        Record(() => new ContractCancelledEvent(Id, ContractNumber, CustomerId, now, decision.Charged, decision.ContractFee, decision.Reason, reason));
        return decision;
    }

    /// <summary>Renewal is allowed from 60 days before the end date, and after expiry.</summary>
    public bool CanRenew(DateOnly today) =>
        StatusOn(today) is ContractStatus.Active or ContractStatus.Expired && DaysToEnd(today) <= RenewalWindowDays;

    /// <summary>The start of the renewal contract: the day after the end date, or tomorrow if already expired.</summary>
    public DateOnly RenewalStart(DateOnly today) => StatusOn(today) == ContractStatus.Expired ? today.AddDays(1) : EndDate.AddDays(1);

    /// <summary>Marks this contract renewed by <paramref name="renewal"/> (signed with <see cref="Sign"/>), covering the same accounts.</summary>
    public void RenewInto(Contract renewal, IReadOnlyList<long> accountIds, DateTime now)
    {
        Status = ContractStatus.Renewed;
        UpdatedAt = now;
        Record(() => new ContractRenewedEvent(Id, ContractNumber, renewal.Id, renewal.ContractNumber, CustomerId, renewal.PlanId, renewal.PlanName,
            renewal.RatePerKwh, renewal.TermMonths, renewal.EarlyTerminationFee, renewal.StartDate, renewal.EndDate, accountIds));
    }

    public const int EtfWaiverDays = 14;
    public const int RenewalWindowDays = 60;
}

/// <summary>What cancelling charged: the fee, the fee on the contract, and why.</summary>
public sealed record EtfDecision(decimal Charged, decimal ContractFee, string Reason);

/// <summary>That a contract covers an account.</summary>
public sealed class ContractAccount
{
    public long ContractId { get; init; }
    public long AccountId { get; init; }
    public DateTime AddedAt { get; init; }
}

public static class ContractStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
    public const string Renewed = "renewed";
}

public static class ContractTerms
{
    /// <summary>
    /// Start date plus the term in months, on the same day of the month, clamped to the month's last day
    /// (2027-01-31 + 1 month = 2027-02-28; 2028-02-29 + 12 months = 2029-02-28).
    /// </summary>
    public static DateOnly EndDate(DateOnly start, int termMonths) => start.AddMonths(termMonths);
}
