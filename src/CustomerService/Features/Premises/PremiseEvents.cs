using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Premises;

// The events of a premise (added at enrollment: Features/Enrollment/EnrollmentEvents.cs). They belong to the stream
// of the holder of the premise's account (Features/Accounts/AccountHolders.cs), whoever made the change.

public sealed record PremiseUpdatedEvent(long PremiseId, long AccountId, string? Nickname, bool IsPrimary, DateTime UpdatedAt) : IDomainEvent;

public sealed record MoveOutScheduledEvent(string Reference, long PremiseId, long AccountId, string? EsiId, DateOnly StopDate, string Reason,
    Enrollment.PostalAddress? ForwardingAddress, DateTime RequestedAt) : IDomainEvent;

public sealed record MoveOutCancelledEvent(string Reference, long PremiseId, long AccountId, DateOnly StopDate, DateTime CancelledAt) : IDomainEvent;

/// <summary>For Billing: service ended at a premise; produce its final bill (to the forwarding address when one is given, else the mailing address on file).</summary>
public sealed record FinalBillRequestedEvent(string Reference, long AccountId, string AccountNumber, long PremiseId, string? EsiId, Enrollment.PostalAddress ServiceAddress,
    DateOnly ServiceEndDate, Enrollment.PostalAddress? ForwardingAddress, IReadOnlyList<long> MeterIds, IReadOnlyList<FinalBillContract> CancelledContracts) : IDomainEvent;

public sealed record FinalBillContract(long ContractId, string ContractNumber, decimal EtfCharged);
