using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Infrastructure.Outbox.Kafka;

/// <summary>How many Kafka brokers the producer is connected to, out of those it knows (librdkafka statistics).</summary>
public sealed record KafkaConnectionState(int Up, int Known)
{
    /// <summary>
    /// From librdkafka's statistics JSON: brokers learned from metadata (node id ≥ 0), or the configured bootstrap
    /// servers before any metadata arrived; internal and coordinator entries are not brokers.
    /// </summary>
    public static KafkaConnectionState FromStatistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        var brokers = document.RootElement.TryGetProperty("brokers", out var b) ? b.EnumerateObject().Select(p => p.Value).ToList() : [];
        var real = brokers.Where(x => x.GetProperty("source").GetString() is "learned" or "configured").ToList();
        var learned = real.Where(x => x.GetProperty("nodeid").GetInt32() >= 0).ToList();
        var counted = learned.Count > 0 ? learned : real;
        return new(counted.Count(x => x.GetProperty("state").GetString() == "UP"), counted.Count);
    }
}

/// <summary>
/// The Kafka transport's connection state in /health/ready. No broker connected is Degraded, not Unhealthy: the
/// service still takes enrollments and changes while Kafka is away (the outbox keeps the events), so it should not
/// be taken out of a load balancer for it. The outbox check beside it reports the lag that builds up meanwhile.
/// </summary>
public sealed class KafkaHealthCheck(IEventPublisher publisher) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (publisher is not KafkaEventPublisher kafka)
            return Task.FromResult(HealthCheckResult.Healthy("Transport is not kafka."));
        var result = kafka.State switch
        {
            null => HealthCheckResult.Degraded("Kafka: connecting (no client statistics yet)."),
            { Up: 0 } s => HealthCheckResult.Degraded($"Kafka: no broker connected ({s.Known} known); events wait in the outbox."),
            var s => HealthCheckResult.Healthy($"Kafka: {s.Up} of {s.Known} brokers connected."),
        };
        return Task.FromResult(result);
    }
}
