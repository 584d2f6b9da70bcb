using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Infrastructure.Outbox.RabbitMq;

public enum RabbitMqConnectionStatus
{
    /// <summary>No event has needed publishing since the start: the relay connects with the first.</summary>
    NotYetNeeded,
    Connected,
    /// <summary>The connection was lost (the client is recovering it) or the broker could not be reached.</summary>
    Down,
}

/// <summary>The relay's RabbitMQ connection, and since when a publish has found the broker unreachable.</summary>
public sealed record RabbitMqConnectionState(RabbitMqConnectionStatus Status, DateTimeOffset? UnreachableSince = null)
{
    public static readonly RabbitMqConnectionState NotYetNeeded = new(RabbitMqConnectionStatus.NotYetNeeded);
    public static readonly RabbitMqConnectionState Connected = new(RabbitMqConnectionStatus.Connected);
}

/// <summary>
/// The RabbitMQ transport's connection in /health/ready. A connection that is down is Degraded, not Unhealthy: the
/// service still takes enrollments and changes while the broker is away (the outbox keeps the events), so it should
/// not be taken out of a load balancer for it. The outbox check beside it reports the lag that builds up meanwhile.
/// </summary>
public sealed class RabbitMqHealthCheck(IEventPublisher publisher, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(publisher is RabbitMqEventPublisher rabbit
            ? Assess(rabbit.State, clock.GetUtcNow())
            : HealthCheckResult.Healthy("Transport is not rabbitmq."));

    public static HealthCheckResult Assess(RabbitMqConnectionState state, DateTimeOffset now) => state switch
    {
        { Status: RabbitMqConnectionStatus.Connected } => HealthCheckResult.Healthy("RabbitMQ: connected."),
        { Status: RabbitMqConnectionStatus.NotYetNeeded } => HealthCheckResult.Healthy("RabbitMQ: not connected yet; the relay connects when an event is to be published."),
        { UnreachableSince: { } since } => HealthCheckResult.Degraded(
            $"RabbitMQ: unreachable for {Math.Max(0, (now - since).TotalSeconds):0} s; events wait in the outbox."),
        _ => HealthCheckResult.Degraded("RabbitMQ: connection lost, recovering; events wait in the outbox."),
    };
}
