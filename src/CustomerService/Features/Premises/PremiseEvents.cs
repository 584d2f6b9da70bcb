using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Premises;

// The events of a premise (added at enrollment: Features/Enrollment/EnrollmentEvents.cs). They belong to the stream
// of the holder of the premise's account (Features/Accounts/AccountHolders.cs), whoever made the change.

public sealed record PremiseUpdatedEvent(long PremiseId, long AccountId, string? Nickname, bool IsPrimary, DateTime UpdatedAt) : IDomainEvent;
