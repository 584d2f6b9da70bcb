using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Infrastructure.Outbox;

public enum RequeueResult
{
    Requeued,
    NotFound,
    NotParked,
}

/// <summary>Operator actions on the outbox.</summary>
public sealed partial class OutboxAdministration(CustomerDbContext db, ILogger<OutboxAdministration> log)
{
    /// <summary>
    /// Puts a parked event back in line: the relay delivers it (and then its customer's later events) on its next
    /// round, with a fresh attempt budget. The last error is kept for the record until the next attempt.
    /// </summary>
    public async Task<RequeueResult> RequeueAsync(Guid id, CancellationToken ct)
    {
        var requeued = await db.OutboxEvents
            .Where(e => e.Id == id && e.ParkedAt != null && e.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.ParkedAt, (DateTime?)null)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.NextAttemptAt, (DateTime?)null), ct);
        if (requeued == 1)
        {
            LogRequeued(log, id);
            return RequeueResult.Requeued;
        }
        return await db.OutboxEvents.AnyAsync(e => e.Id == id, ct) ? RequeueResult.NotParked : RequeueResult.NotFound;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Parked event {EventId} re-queued")]
    private static partial void LogRequeued(ILogger logger, Guid eventId);
}
