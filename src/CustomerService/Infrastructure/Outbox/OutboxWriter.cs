using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>An event to record: its seed name (ContractCreated) and its payload.</summary>
public sealed record DomainEvent(string Name, object Data);

/// <summary>
/// Writes events to the outbox inside the caller's transaction. Per-customer sequence numbers are reserved
/// with one atomic UPDATE … RETURNING on the customer row, which on PostgreSQL also locks that row until
/// commit, so one customer's events are numbered in commit order even when transactions race.
/// On PostgreSQL the writer also takes a transaction-scoped advisory lock before its rows get their global
/// <c>sequence</c>, so outbox sequences become visible in commit order (the HTTP feed's cursor never skips a
/// row that commits late), and NOTIFYs the relay, which PostgreSQL delivers on commit. Call it once per
/// transaction, after the transaction's other row locks (SQLite has one writer at a time and needs neither).
/// </summary>
public sealed class OutboxWriter(CustomerDbContext db, IOptions<EventOptions> options, IOptions<JsonOptions> json, TimeProvider time)
{
    /// <summary>The advisory lock key that orders outbox commits ("outbox" in ASCII).</summary>
    private const long CommitOrderLock = 0x6f7574626f78;

    public async Task AppendAsync(long customerId, IReadOnlyList<DomainEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Outbox events are written inside the transaction of the change they describe.");

        if (db.Database.IsNpgsql())
        {
            await db.ScalarInt64Async(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(@lock), pg_notify(@channel, '')) AS taken",
                ct, ("@lock", CommitOrderLock), ("@channel", OutboxRelay.NotificationChannel));
        }

        var last = await db.ScalarInt64Async(
            "UPDATE customers SET last_event_sequence = last_event_sequence + @count WHERE id = @id RETURNING last_event_sequence",
            ct, ("@count", (long)events.Count), ("@id", customerId));
        var first = last - events.Count + 1;
        var now = time.GetUtcNow().UtcDateTime;
        var subject = customerId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        for (var i = 0; i < events.Count; i++)
        {
            db.OutboxEvents.Add(new OutboxEvent
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Type = options.Value.TypePrefix + events[i].Name,
                Source = options.Value.Source,
                Subject = subject,
                CustomerSequence = first + i,
                Time = now,
                DataContentType = "application/json",
                Data = JsonSerializer.Serialize(events[i].Data, events[i].Data.GetType(), json.Value.SerializerOptions),
            });
        }
    }
}
