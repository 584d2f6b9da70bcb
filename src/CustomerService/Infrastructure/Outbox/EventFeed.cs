using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>A page of the event feed: CloudEvents in commit order, and the cursor to ask for the next page with.</summary>
public sealed record EventPage(IReadOnlyList<JsonElement> Events, long Next);

/// <summary>
/// The outbox read as a feed, for consumers that poll (GET /api/events?after=&amp;limit=&amp;type=).
/// <para>
/// Order: by the writing transaction's id, then by <c>sequence</c>, and on PostgreSQL only rows whose transaction is
/// older than every transaction still in progress (<c>pg_snapshot_xmin(pg_current_snapshot())</c>). Every such
/// transaction has ended, so it is visible whole or never will be, and any transaction that commits later has a
/// larger id than every row served: a consumer resuming after the last event it saw misses nothing still retained,
/// although writers of different customers commit in parallel under no common lock (see <see cref="OutboxWriter"/>).
/// The cost: while one transaction stays open, the feed holds back rows committed after it began.
/// </para>
/// <para>
/// The cursor is the <c>sequence</c> of the last event served, as always; its position in that order is found from
/// its row. A cursor whose row was pruned (delivered and older than the retention) restarts at the oldest retained
/// event on PostgreSQL, where the row alone carried its position: duplicates, never a gap (consumers de-duplicate by id).
/// On SQLite (one writer at a time, transaction id 0) the sequence is the commit order already.
/// </para>
/// </summary>
public sealed class EventFeed(CustomerDbContext db, IOptions<EventOptions> options)
{
    public const int MaxLimit = 1000;

    /// <param name="after">The cursor: events after the one with this outbox sequence (0 = from the start).</param>
    /// <param name="limit">At most this many (1–1000).</param>
    /// <param name="type">Only this type: <c>customer.ContractCreated</c>, or without the prefix, <c>ContractCreated</c>.</param>
    public async Task<EventPage> ReadAsync(long after, int limit, string? type, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        var postgres = db.Database.IsNpgsql();
        var (fromTransaction, fromSequence) = (0L, after);
        if (after > 0)
        {
            var cursorTransaction = await db.OutboxEvents.Where(e => e.Sequence == after).Select(e => (long?)e.TransactionId).FirstOrDefaultAsync(ct);
            (fromTransaction, fromSequence) = cursorTransaction is { } tx ? (tx, after) : postgres ? (0L, 0L) : (0L, after);
        }

        var query = (postgres
                ? db.OutboxEvents.FromSql($"SELECT * FROM outbox_events WHERE (transaction_id, sequence) > ({fromTransaction}, {fromSequence}) AND transaction_id < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint")
                : db.OutboxEvents.FromSql($"SELECT * FROM outbox_events WHERE (transaction_id, sequence) > ({fromTransaction}, {fromSequence})"))
            .AsNoTracking();
        if (!string.IsNullOrWhiteSpace(type))
        {
            var prefix = options.Value.TypePrefix;
            var full = type.StartsWith(prefix, StringComparison.Ordinal) ? type : prefix + type;
            query = query.Where(e => e.Type == full);
        }
        var rows = await query.OrderBy(e => e.TransactionId).ThenBy(e => e.Sequence).Take(limit).ToListAsync(ct);
        return new EventPage(
            rows.Select(r => CloudEvent.From(r).ToJsonElement()).ToList(),
            rows.Count > 0 ? rows[^1].Sequence : after);
    }
}
