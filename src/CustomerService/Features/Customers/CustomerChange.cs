namespace CustomerService.Features.Customers;

/// <summary>One row of a customer's change log (customer-management.md's customer_events): what changed, from what to what, by whom.</summary>
public sealed class CustomerChange
{
    public long Id { get; init; }
    public long CustomerId { get; init; }
    /// <summary>What changed: created, status, profile, …</summary>
    public required string Change { get; init; }
    /// <summary>Old values as a JSON object, or null for a creation.</summary>
    public string? OldValues { get; init; }
    public string? NewValues { get; init; }
    /// <summary>Who made the change: a token subject, "enrollment", "system".</summary>
    public required string Actor { get; init; }
    public DateTime OccurredAt { get; init; }
}

public static class CustomerChangeLog
{
    /// <summary>Adds a change-log row (old and new values as JSON objects) to the context's pending changes.</summary>
    public static void LogChange(this Infrastructure.Data.CustomerDbContext db, long customerId, string change, string actor, DateTime now, object? oldValues, object? newValues) =>
        db.CustomerChanges.Add(new CustomerChange
        {
            CustomerId = customerId,
            Change = change,
            Actor = actor,
            OccurredAt = now,
            OldValues = oldValues is null ? null : System.Text.Json.JsonSerializer.Serialize(oldValues),
            NewValues = newValues is null ? null : System.Text.Json.JsonSerializer.Serialize(newValues),
        });
}
