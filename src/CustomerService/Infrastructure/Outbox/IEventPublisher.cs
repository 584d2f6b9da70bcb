namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// A transport the relay delivers to: RabbitMQ (<c>RabbitMq/</c>) or Kafka (<c>Kafka/</c>).
/// </summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the events in the given order and returns once the transport has confirmed every one of them.
    /// Throws <see cref="EventTransportUnavailableException"/> when the transport itself cannot be reached (the
    /// relay waits and retries without counting an attempt against the events); any other exception is a failure
    /// of this delivery that counts towards parking.
    /// </summary>
    Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct);
}

/// <summary>The transport is down (broker unreachable, connection or channel closed, no confirmation in time).</summary>
public sealed class EventTransportUnavailableException : Exception
{
    public EventTransportUnavailableException() { }
    public EventTransportUnavailableException(string message) : base(message) { }
    public EventTransportUnavailableException(string message, Exception inner) : base(message, inner) { }
}
