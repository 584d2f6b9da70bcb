using CustomerService.Features.Plans;

namespace CustomerService.Features.Contracts;

/// <summary>
/// A customer's contract on a plan, covering one or more accounts. The plan's price terms are copied at
/// signing: later catalog changes never alter a signed contract.
/// </summary>
public sealed class Contract
{
    private Contract() { }

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
