using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Customers;

// The events of a customer: created (at enrollment or by the back office), contact details updated, moved along the
// lifecycle, erased (GDPR) or deleted (back office).

public sealed record CustomerCreatedEvent(long CustomerId, string Type, string Name, string Email, string Phone, string Status, DateTime CreatedAt) : IDomainEvent;

public sealed record CustomerUpdatedEvent(long CustomerId, IReadOnlyList<string> ChangedFields, IReadOnlyDictionary<string, string?> NewValues, DateTime UpdatedAt) : IDomainEvent;

public sealed record CustomerStatusChangedEvent(long CustomerId, string From, string To, string Reason, DateTime ChangedAt) : IDomainEvent;

public sealed record CustomerErasedEvent(long CustomerId, DateTime ErasedAt, string PreviousStatus) : IDomainEvent;

public sealed record CustomerDeletedEvent(long CustomerId, DateTime DeletedAt) : IDomainEvent;
