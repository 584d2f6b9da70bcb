using System.ComponentModel.DataAnnotations;

namespace CustomerService.Infrastructure.Outbox;

public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>The CloudEvents <c>source</c> attribute of every event this service emits.</summary>
    [Required]
    public string Source { get; set; } = "urn:ossrep:customer-service";

    /// <summary>Prefix of the CloudEvents <c>type</c>: customer.ContractCreated.</summary>
    [Required]
    public string TypePrefix { get; set; } = "customer.";

    /// <summary><c>none</c>: events stay in the outbox (and the HTTP feed); <c>rabbitmq</c> or <c>kafka</c>: the relay publishes them.</summary>
    [Required, AllowedValues(EventTransports.None, EventTransports.RabbitMq, EventTransports.Kafka)]
    public string Transport { get; set; } = EventTransports.None;

    /// <summary>How long delivered rows are kept (for the HTTP feed and audits) before they are pruned.</summary>
    [Range(1, 24 * 365 * 10)]
    public int RetentionHours { get; set; } = 168;

    /// <summary>Customers (queue heads) the relay claims per round; each customer's run is capped at this too.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>The relay looks for work at least this often (PostgreSQL also wakes it on commit with NOTIFY).</summary>
    [Range(0.05, 3600)]
    public double PollingIntervalSeconds { get; set; } = 5;

    /// <summary>Failed attempts after which an event is parked (dead-lettered).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay after the first failure; it doubles with each further failure up to <see cref="RetryMaxSeconds"/>.</summary>
    [Range(0.01, 3600)]
    public double RetryBaseSeconds { get; set; } = 1;

    [Range(0.01, 86400)]
    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>Health reports Degraded when the oldest undelivered event is older than this.</summary>
    [Range(1, 86400)]
    public int LagDegradedSeconds { get; set; } = 300;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public KafkaOptions Kafka { get; set; } = new();

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}

public sealed class RabbitMqOptions
{
    public const string ConnectionStringName = "RabbitMq";

    /// <summary>The durable topic exchange events are published to; the routing key is the event type.</summary>
    public string Exchange { get; set; } = "customer-service.events";

    /// <summary>How long one publish may wait for the broker's confirmation before the transport counts as unavailable.</summary>
    public double ConfirmTimeoutSeconds { get; set; } = 30;
}

public static class EventTransports
{
    public const string None = "none";
    public const string RabbitMq = "rabbitmq";
    public const string Kafka = "kafka";
}

public sealed class KafkaOptions
{
    /// <summary>ConnectionStrings:Kafka: the bootstrap servers, <c>host:port[,host:port…]</c>.</summary>
    public const string ConnectionStringName = "Kafka";

    /// <summary>The topic every event is produced to; the message key is the customer id (the event's subject).</summary>
    public string Topic { get; set; } = "customer-service.events";

    /// <summary>
    /// librdkafka producer properties (<c>Events:Kafka:Producer:client.id</c>, <c>…:security.protocol</c>,
    /// <c>…:sasl.mechanism</c> …), passed to the client as they are; they override the transport's defaults. The
    /// transport's guarantees are not negotiable: <c>enable.idempotence</c> stays true and <c>acks</c> stays all.
    /// </summary>
    public Dictionary<string, string> Producer { get; set; } = new(StringComparer.Ordinal);
}
