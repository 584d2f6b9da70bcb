using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Contracts;

// The events of a contract (customer-service.md, Events): created at enrollment (Features/Enrollment/EnrollmentEvents.cs),
// then cancelled or renewed by the customer, activated, noticed as expiring and expired by the lifecycle job.

public sealed record ContractActivatedEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly StartDate, DateOnly EndDate,
    IReadOnlyList<long> AccountIds, IReadOnlyList<long> MeterIds, DateTime ActivatedAt) : IDomainEvent;

public sealed record ContractExpiringEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly EndDate, int DaysRemaining) : IDomainEvent;

public sealed record ContractExpiredEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, DateOnly EndDate, DateTime ExpiredAt) : IDomainEvent;

public sealed record ContractCancelledEvent(long ContractId, string ContractNumber, long CustomerId, DateTime CancelledAt, decimal EtfCharged, decimal ContractFee, string FeeReason, string? Reason) : IDomainEvent;

public sealed record ContractRenewedEvent(
    long PreviousContractId, string PreviousContractNumber, long ContractId, string ContractNumber, long CustomerId, long PlanId, string PlanName,
    decimal RatePerKwh, int TermMonths, decimal EarlyTerminationFee, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<long> AccountIds) : IDomainEvent;
