using System.Text.Json;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Customers;

/// <summary>
/// The one path every lifecycle move takes, automatic or by staff: move the customer, write the change-log
/// row, and return the CustomerStatusChanged event for the caller's outbox batch.
/// </summary>
public static class CustomerStatusChanges
{
    public static DomainEvent Move(CustomerDbContext db, Customer customer, string to, string actor, string reason, DateTime now)
    {
        var change = customer.MoveTo(to, now);
        db.LogChange(customer.Id, "status", actor, now, new { status = change.From }, new { status = change.To });
        return new DomainEvent("CustomerStatusChanged", new CustomerStatusChangedEvent(customer.Id, change.From, change.To, reason, now));
    }
}

public sealed record CustomerStatusChangedEvent(long CustomerId, string From, string To, string Reason, DateTime ChangedAt);
