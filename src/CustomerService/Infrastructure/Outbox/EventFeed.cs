using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>A page of the event feed: CloudEvents in commit order, and the cursor to ask for the next page with.</summary>
public sealed record EventPage(IReadOnlyList<JsonElement> Events, long Next);

/// <summary>
/// The outbox read as a feed, for consumers that poll (GET /api/events?after=&amp;limit=&amp;type=). The cursor is the
/// outbox <c>sequence</c>, which becomes visible in commit order (see <see cref="OutboxWriter"/>), so a consumer
/// that resumes after the last cursor it saw misses nothing still retained.
/// </summary>
public sealed class EventFeed(CustomerDbContext db, IOptions<EventOptions> options)
{
    public const int MaxLimit = 1000;

    /// <param name="after">The cursor: events with a larger outbox sequence are returned (0 = from the start).</param>
    /// <param name="limit">At most this many (1–1000).</param>
    /// <param name="type">Only this type: <c>customer.ContractCreated</c>, or without the prefix, <c>ContractCreated</c>.</param>
    public async Task<EventPage> ReadAsync(long after, int limit, string? type, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        var query = db.OutboxEvents.AsNoTracking().Where(e => e.Sequence > after);
        if (!string.IsNullOrWhiteSpace(type))
        {
            var prefix = options.Value.TypePrefix;
            var full = type.StartsWith(prefix, StringComparison.Ordinal) ? type : prefix + type;
            query = query.Where(e => e.Type == full);
        }
        var rows = await query.OrderBy(e => e.Sequence).Take(limit).ToListAsync(ct);
        return new EventPage(
            rows.Select(r => CloudEvent.From(r).ToJsonElement()).ToList(),
            rows.Count > 0 ? rows[^1].Sequence : after);
    }
}
