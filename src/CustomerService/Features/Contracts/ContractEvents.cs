namespace CustomerService.Features.Contracts;

// The data of the contract lifecycle events (customer-service.md, Events), written by the lifecycle job.

public sealed record ContractActivatedEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly StartDate, DateOnly EndDate,
    IReadOnlyList<long> AccountIds, IReadOnlyList<long> MeterIds, DateTime ActivatedAt);

public sealed record ContractExpiringEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly EndDate, int DaysRemaining);

public sealed record ContractExpiredEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly EndDate, DateTime ExpiredAt);

public sealed record AccountStatusChangedEvent(long AccountId, string AccountNumber, string From, string To, string Reason, DateTime ChangedAt);
