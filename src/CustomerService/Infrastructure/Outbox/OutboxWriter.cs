using System.Diagnostics;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// Turns the events a change recorded into outbox rows inside the transaction that saves the change; called only by
/// the one commit step, <see cref="CustomerDbContext.SaveChangesAsync(bool, CancellationToken)"/>.
/// Per-customer sequence numbers are reserved with one atomic UPDATE … RETURNING on the customer row, which on
/// PostgreSQL also locks that row until commit, so one customer's events are numbered in commit order even when
/// transactions race. On PostgreSQL the writer also takes a transaction-scoped advisory lock before its rows get their
/// global <c>sequence</c>, so outbox sequences become visible in commit order (the HTTP feed's cursor never skips a
/// row that commits late), and NOTIFYs the relay, which PostgreSQL delivers on commit (SQLite has one writer at a
/// time and needs neither).
/// </summary>
public sealed class OutboxWriter(IOptions<EventOptions> options, IOptions<JsonOptions> json, TimeProvider time)
{
    /// <summary>The advisory lock key that orders outbox commits ("outbox" in ASCII).</summary>
    private const long CommitOrderLock = 0x6f7574626f78;

    /// <summary>
    /// The current span's W3C context, for the events' <c>traceparent</c>: only when tracing is on (the relay's
    /// ActivitySource has a listener, which only the OpenTelemetry set-up adds) and the span is sampled. ASP.NET Core
    /// creates request activities for its logging scopes even with telemetry off; those are never written.
    /// </summary>
    private static string? TraceParent() =>
        OutboxMetrics.Tracing.HasListeners() && Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C, Id: { Length: <= OutboxEvent.TraceParentMaxLength } id }
            ? id
            : null;

    public async Task WriteAsync(CustomerDbContext db, IReadOnlyList<RecordedEvent> recorded, CancellationToken ct)
    {
        if (recorded.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Outbox events are written inside the transaction of the change they describe.");

        if (db.Database.IsNpgsql())
        {
            await db.ScalarInt64Async(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(@lock), pg_notify(@channel, '')) AS taken",
                ct, ("@lock", CommitOrderLock), ("@channel", OutboxRelay.NotificationChannel));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var traceParent = TraceParent();
        var events = recorded.OrderBy(e => e.Order).Select(e => (Stream: e.Stream, Data: e.Data)).ToList();
        // Streams in the order of their first event, each numbered in one statement.
        foreach (var stream in events.Select(e => e.Stream).Distinct())
        {
            var ofStream = events.Where(e => e.Stream == stream).Select(e => e.Data).ToList();
            var last = await db.ScalarInt64Async(
                "UPDATE customers SET last_event_sequence = last_event_sequence + @count WHERE id = @id RETURNING last_event_sequence",
                ct, ("@count", (long)ofStream.Count), ("@id", stream));
            var first = last - ofStream.Count + 1;
            var subject = stream.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < ofStream.Count; i++)
            {
                db.OutboxEvents.Add(new OutboxEvent
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    Type = options.Value.TypePrefix + DomainEventName.Of(ofStream[i]),
                    Source = options.Value.Source,
                    Subject = subject,
                    CustomerSequence = first + i,
                    Time = now,
                    DataContentType = "application/json",
                    Data = JsonSerializer.Serialize(ofStream[i], ofStream[i].GetType(), json.Value.SerializerOptions),
                    TraceParent = traceParent,
                });
            }
        }
    }
}
