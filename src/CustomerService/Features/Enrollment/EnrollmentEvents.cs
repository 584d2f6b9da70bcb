using CustomerService.Common;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Enrollment;

// The data of the events an enrollment records, in the order they are written (see customer-service.md, Events).

public sealed record EnrollmentSubmittedEvent(string ConfirmationNumber, string CustomerType, string EnrollmentType, bool ProofOfOccupancy, long PlanId, DateOnly ServiceStartDate, IReadOnlyList<long> MeterIds, DateTime SubmittedAt) : IDomainEvent;

public sealed record AccountCreatedEvent(long AccountId, string AccountNumber, long CustomerId, string Role, string Type, string Status) : IDomainEvent;

public sealed record PremiseAddedEvent(long PremiseId, long AccountId, string? EsiId, PostalAddress Address, bool IsPrimary) : IDomainEvent;

public sealed record MeterEnrolledEvent(long MeterId, string MeterNumber, long PremiseId, string? EsiId, long AccountId, DateOnly ServiceStartDate) : IDomainEvent;

public sealed record ContractCreatedEvent(long ContractId, string ContractNumber, long CustomerId, long PlanId, string PlanName, string PlanType,
    decimal RatePerKwh, decimal BaseCharge, int TermMonths, decimal EarlyTerminationFee, DateOnly StartDate, DateOnly EndDate, string Status, IReadOnlyList<long> AccountIds) : IDomainEvent;

public sealed record EnrollmentCompletedEvent(string ConfirmationNumber, long CustomerId, long AccountId, long ContractId, string Email, string Name, DateOnly ServiceStartDate, DateTime CompletedAt) : IDomainEvent;

public sealed record PostalAddress(string Street, string? Unit, string City, string State, string Zip);

public sealed record EnrollmentRescindedEvent(string ConfirmationNumber, long CustomerId, long AccountId, long ContractId, IReadOnlyList<long> MeterIds,
    DateOnly TermsGivenOn, DateOnly WindowClosesOn, string? Reason, DateTime RescindedAt) : IDomainEvent;
