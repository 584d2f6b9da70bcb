using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Infrastructure.Outbox.Kafka;

/// <summary>
/// How many Kafka brokers the producer is connected to, out of those it knows (librdkafka statistics), and when
/// the statistics saying so arrived.
/// </summary>
public sealed record KafkaConnectionState(int Up, int Known, DateTimeOffset At)
{
    /// <summary>
    /// From librdkafka's statistics JSON: brokers learned from metadata (node id ≥ 0), or the configured bootstrap
    /// servers before any metadata arrived; internal and coordinator entries are not brokers.
    /// </summary>
    public static KafkaConnectionState FromStatistics(string json, DateTimeOffset at)
    {
        using var document = JsonDocument.Parse(json);
        var brokers = document.RootElement.TryGetProperty("brokers", out var b) ? b.EnumerateObject().Select(p => p.Value).ToList() : [];
        var real = brokers.Where(x => x.GetProperty("source").GetString() is "learned" or "configured").ToList();
        var learned = real.Where(x => x.GetProperty("nodeid").GetInt32() >= 0).ToList();
        var counted = learned.Count > 0 ? learned : real;
        return new(counted.Count(x => x.GetProperty("state").GetString() == "UP"), counted.Count, at);
    }
}

/// <summary>
/// The Kafka transport's connection state in /health/ready. No broker connected is Degraded, not Unhealthy: the
/// service still takes enrollments and changes while Kafka is away (the outbox keeps the events), so it should not
/// be taken out of a load balancer for it. The outbox check beside it reports the lag that builds up meanwhile.
/// Statistics that stopped arriving say nothing about now (the client's threads are stalled): Degraded too.
/// </summary>
public sealed class KafkaHealthCheck(IEventPublisher publisher, TimeProvider clock) : IHealthCheck
{
    /// <summary>Statistics older than this many intervals (and at least <see cref="MinimumStaleness"/>) are stale.</summary>
    public const int StaleAfterIntervals = 3;

    public static readonly TimeSpan MinimumStaleness = TimeSpan.FromSeconds(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (publisher is not KafkaEventPublisher kafka)
            return Task.FromResult(HealthCheckResult.Healthy("Transport is not kafka."));
        return Task.FromResult(Assess(kafka.State, kafka.StatisticsInterval, clock.GetUtcNow()));
    }

    public static HealthCheckResult Assess(KafkaConnectionState? state, TimeSpan statisticsInterval, DateTimeOffset now)
    {
        var staleAfter = TimeSpan.FromTicks(Math.Max(statisticsInterval.Ticks * StaleAfterIntervals, MinimumStaleness.Ticks));
        return state switch
        {
            null when statisticsInterval <= TimeSpan.Zero => HealthCheckResult.Degraded(
                "Kafka: statistics.interval.ms is 0, so the brokers' connection state is unknown."),
            null => HealthCheckResult.Degraded("Kafka: connecting (no client statistics yet)."),
            var s when now - s.At > staleAfter => HealthCheckResult.Degraded(
                $"Kafka: no client statistics for {(now - s.At).TotalSeconds:0} s (expected every {statisticsInterval.TotalSeconds:0.#} s); the connection state is unknown."),
            { Up: 0 } s => HealthCheckResult.Degraded($"Kafka: no broker connected ({s.Known} known); events wait in the outbox."),
            var s => HealthCheckResult.Healthy($"Kafka: {s.Up} of {s.Known} brokers connected."),
        };
    }
}
