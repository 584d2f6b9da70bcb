using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Preferences;

public sealed record PreferencesUpdatedEvent(long CustomerId, PreferencesResponse Preferences, DateTime UpdatedAt) : IDomainEvent;
