using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// Relay lag (age of the oldest event waiting for delivery, as the <c>customer_service.outbox.lag</c> gauge reports it:
/// parked events and their customer's later events left out) and parked events. Degraded when anything is parked
/// or the lag passes <see cref="EventOptions.LagDegradedSeconds"/>. With transport <c>none</c> nothing is relayed,
/// so lag means nothing there and the check only reports.
/// </summary>
public sealed class OutboxHealthCheck(CustomerDbContext db, IOptions<EventOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        try
        {
            var oldest = await OutboxMetrics.OldestWaiting(db).FirstOrDefaultAsync(cancellationToken);
            var parked = await db.OutboxEvents.AsNoTracking().CountAsync(e => e.ParkedAt != null && e.DeliveredAt == null, cancellationToken);
            var lag = oldest is { } t ? time.GetUtcNow().UtcDateTime - t : TimeSpan.Zero;
            if (lag < TimeSpan.Zero) lag = TimeSpan.Zero;
            var data = new Dictionary<string, object>
            {
                ["transport"] = o.Transport,
                ["lagSeconds"] = Math.Round(lag.TotalSeconds, 1),
                ["parked"] = parked,
            };

            if (o.Transport == EventTransports.None)
                return HealthCheckResult.Healthy("Transport none: events are kept in the outbox (HTTP feed only).", data);
            if (parked > 0)
                return HealthCheckResult.Degraded($"{parked} parked event(s) wait for a re-queue; relay lag {lag.TotalSeconds:F0} s.", data: data);
            if (lag > TimeSpan.FromSeconds(o.LagDegradedSeconds))
                return HealthCheckResult.Degraded($"Relay lag {lag.TotalSeconds:F0} s exceeds {o.LagDegradedSeconds} s.", data: data);
            return HealthCheckResult.Healthy($"Relay lag {lag.TotalSeconds:F0} s, nothing parked.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The outbox cannot be read.");
        }
    }
}
