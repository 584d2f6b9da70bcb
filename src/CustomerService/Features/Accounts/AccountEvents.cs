using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Accounts;

// The events of an account (created at enrollment: Features/Enrollment/EnrollmentEvents.cs). They belong to the
// stream of the account's holder (AccountHolders), whoever made the change.

public sealed record AccountUpdatedEvent(long AccountId, string AccountNumber, string? Nickname, DateTime UpdatedAt) : IDomainEvent;

public sealed record AccountStatusChangedEvent(long AccountId, string AccountNumber, string From, string To, string Reason, DateTime ChangedAt) : IDomainEvent;

public sealed record AccountPartyAddedEvent(long AccountId, string AccountNumber, long CustomerId, string Role, DateTime At) : IDomainEvent;

public sealed record AccountPartyRemovedEvent(long AccountId, string AccountNumber, long CustomerId, string Role, DateTime At) : IDomainEvent;
