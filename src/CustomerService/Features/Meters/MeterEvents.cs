using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Meters;

// The events of a meter leaving a customer's premise (enrolled: Features/Enrollment/EnrollmentEvents.cs). The meter
// is then available to the next occupant or supplier; the event belongs to the stream of the customer who held it.

public sealed record MeterRemovedEvent(long MeterId, string MeterNumber, long PremiseId, string? EsiId, long AccountId, DateOnly EffectiveDate, string Reason) : IDomainEvent;
