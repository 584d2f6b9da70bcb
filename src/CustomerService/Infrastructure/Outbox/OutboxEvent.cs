namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// One CloudEvents 1.0 event in the transactional outbox, written in the same transaction as the change it
/// describes. <see cref="Sequence"/> is the global commit order; <see cref="CustomerSequence"/> orders and
/// de-duplicates one customer's events.
/// </summary>
public sealed class OutboxEvent
{
    public long Sequence { get; init; }
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public required string Subject { get; init; }
    public long CustomerSequence { get; init; }
    public DateTime Time { get; init; }
    public required string DataContentType { get; init; }
    public required string Data { get; init; }
    public DateTime? DeliveredAt { get; set; }
}
