using System.Diagnostics;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// Turns the events a change recorded into outbox rows inside the transaction that saves the change; called only by
/// the one commit step, <see cref="CustomerDbContext.SaveChangesAsync(bool, CancellationToken)"/>.
/// <para>
/// Per-customer order: a customer's sequence numbers are reserved with an atomic UPDATE … RETURNING on the customer
/// row, which on PostgreSQL also locks that row until commit, so one customer's events are numbered in commit order
/// even when transactions race, and only transactions of the same customer ever wait for each other here.
/// </para>
/// <para>
/// No global lock: transactions of different customers commit in parallel. The HTTP feed's order is therefore not
/// the global <c>sequence</c> (taken at insert, so a later-committing transaction can hold a smaller one) but the
/// writing transaction's id (<c>transaction_id</c>, PostgreSQL's <c>pg_current_xact_id()</c> as the column default),
/// and the feed serves only transactions older than every one still in progress (see <see cref="EventFeed"/>).
/// </para>
/// <para>
/// On PostgreSQL all of a customer's rows go in with the counter update, as one statement (one round trip); on
/// SQLite, which has one writer at a time and an in-process connection, they are added to the change tracker.
/// </para>
/// </summary>
public sealed class OutboxWriter(IOptions<EventOptions> options, IOptions<JsonOptions> json, TimeProvider time, OutboxSignal signal)
{
    /// <summary>
    /// The current span's W3C context, for the events' <c>traceparent</c>: only when tracing is on (the relay's
    /// ActivitySource has a listener, which only the OpenTelemetry set-up adds) and the span is sampled. ASP.NET Core
    /// creates request activities for its logging scopes even with telemetry off; those are never written.
    /// </summary>
    private static string? TraceParent() =>
        OutboxMetrics.Tracing.HasListeners() && Activity.Current is { Recorded: true, IdFormat: ActivityIdFormat.W3C, Id: { Length: <= OutboxEvent.TraceParentMaxLength } id }
            ? id
            : null;

    /// <summary>Called by the commit step after a transaction that wrote outbox rows committed: wakes this instance's relay.</summary>
    public void Committed() => signal.Committed();

    public async Task WriteAsync(CustomerDbContext db, IReadOnlyList<RecordedEvent> recorded, CancellationToken ct)
    {
        if (recorded.Count == 0) return;
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Outbox events are written inside the transaction of the change they describe.");

        var now = time.GetUtcNow().UtcDateTime;
        var traceParent = TraceParent();
        var events = recorded.OrderBy(e => e.Order).Select(e => (Stream: e.Stream, Data: e.Data)).ToList();
        // Streams in the order of their first event (a change that touches two customers locks them in that order).
        foreach (var stream in events.Select(e => e.Stream).Distinct())
        {
            var rows = events.Where(e => e.Stream == stream).Select(e => new Row(
                Guid.CreateVersion7(time.GetUtcNow()),
                options.Value.TypePrefix + DomainEventName.Of(e.Data),
                JsonSerializer.Serialize(e.Data, e.Data.GetType(), json.Value.SerializerOptions))).ToList();
            var subject = stream.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (db.Database.IsNpgsql()) await InsertAsync(db, stream, subject, rows, now, traceParent, ct);
            else await AddAsync(db, stream, subject, rows, now, traceParent, ct);
        }
    }

    private readonly record struct Row(Guid Id, string Type, string Data);

    // The customer's counter moves by the number of rows, and the rows take the numbers it moved past, in order.
    // Arrays typed in the text, so the statement means the same whoever binds it (Npgsql sends typed arrays anyway).
    private const string InsertSql = """
        WITH counter AS (
            UPDATE customers SET last_event_sequence = last_event_sequence + cardinality(@ids::uuid[]) WHERE id = @customer
            RETURNING last_event_sequence - cardinality(@ids::uuid[]) AS before)
        INSERT INTO outbox_events (id, type, source, subject, customer_sequence, time, data_content_type, data, trace_parent)
        SELECT e.id, e.type, @source, @subject, counter.before + e.n, @time, @content_type, e.data, @trace_parent
        FROM counter, unnest(@ids::uuid[], @types::text[], @data::text[]) WITH ORDINALITY AS e(id, type, data, n)
        ORDER BY e.n
        """;

    private async Task InsertAsync(CustomerDbContext db, long customerId, string subject, List<Row> rows, DateTime now, string? traceParent, CancellationToken ct)
    {
        // Through EF's command pipeline, so its logging, diagnostics and interceptors see the statement.
        NpgsqlParameter[] parameters =
        [
            new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Id).ToArray()),
            new NpgsqlParameter<long>("customer", customerId),
            new NpgsqlParameter<string>("source", options.Value.Source),
            new NpgsqlParameter<string>("subject", subject),
            new NpgsqlParameter<DateTime>("time", now),
            new NpgsqlParameter<string>("content_type", ContentType),
            new NpgsqlParameter<string[]>("types", rows.Select(r => r.Type).ToArray()),
            new NpgsqlParameter<string[]>("data", rows.Select(r => r.Data).ToArray()),
            new NpgsqlParameter("trace_parent", NpgsqlDbType.Varchar) { Value = (object?)traceParent ?? DBNull.Value },
        ];
        var inserted = await db.Database.ExecuteSqlRawAsync(InsertSql, parameters, ct);
        if (inserted != rows.Count)
            throw new InvalidOperationException($"Customer {customerId} does not exist: its events cannot be numbered.");
    }

    private async Task AddAsync(CustomerDbContext db, long customerId, string subject, List<Row> rows, DateTime now, string? traceParent, CancellationToken ct)
    {
        var last = await db.ScalarInt64Async(
            "UPDATE customers SET last_event_sequence = last_event_sequence + @count WHERE id = @id RETURNING last_event_sequence",
            ct, ("@count", (long)rows.Count), ("@id", customerId));
        var first = last - rows.Count + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            db.OutboxEvents.Add(new OutboxEvent
            {
                Id = rows[i].Id,
                Type = rows[i].Type,
                Source = options.Value.Source,
                Subject = subject,
                CustomerSequence = first + i,
                Time = now,
                DataContentType = ContentType,
                Data = rows[i].Data,
                TraceParent = traceParent,
            });
        }
    }

    private const string ContentType = "application/json";
}
