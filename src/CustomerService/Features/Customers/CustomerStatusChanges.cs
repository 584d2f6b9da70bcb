using System.Text.Json;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Customers;

/// <summary>
/// The one path every lifecycle move takes, automatic or by staff: move the customer (which records
/// CustomerStatusChanged) and write the change-log row.
/// </summary>
public static class CustomerStatusChanges
{
    public static void Move(CustomerDbContext db, Customer customer, string to, string actor, string reason, DateTime now)
    {
        var change = customer.MoveTo(to, reason, now);
        db.LogChange(customer.Id, "status", actor, now, new { status = change.From }, new { status = change.To });
    }
}

