namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// One CloudEvents 1.0 event in the transactional outbox, written in the same transaction as the change it
/// describes. <see cref="Sequence"/> is the global commit order; <see cref="CustomerSequence"/> orders and
/// de-duplicates one customer's events. The relay owns the delivery columns.
/// </summary>
public sealed class OutboxEvent
{
    public long Sequence { get; init; }
    /// <summary>
    /// The id of the transaction that wrote the row (PostgreSQL's <c>pg_current_xact_id()</c>, the column's default
    /// there; 0 on SQLite, whose one writer at a time makes <see cref="Sequence"/> the commit order already). The feed
    /// is ordered by (transaction id, sequence): see <see cref="EventFeed"/>.
    /// </summary>
    public long TransactionId { get; init; }
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public required string Subject { get; init; }
    public long CustomerSequence { get; init; }
    public DateTime Time { get; init; }
    public required string DataContentType { get; init; }
    public required string Data { get; init; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>Failed delivery attempts so far (a transport outage does not count).</summary>
    public int Attempts { get; set; }
    /// <summary>Not retried before this instant after a failed attempt.</summary>
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>Why the last attempt failed: an exception type and the transport's message, never event data.</summary>
    public string? LastError { get; set; }
    /// <summary>Dead-lettered after too many failures: it and its customer's later events wait for a re-queue.</summary>
    public DateTime? ParkedAt { get; set; }
    /// <summary>
    /// The W3C trace context of the change that recorded the event (<c>00-{trace id}-{span id}-{flags}</c>), when it
    /// was traced and sampled; carried as the CloudEvents <c>traceparent</c> extension. Null with telemetry off.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The current transaction's id as a bigint, on PostgreSQL.</summary>
    public const string CurrentTransactionIdSql = "(pg_current_xact_id()::text)::bigint";

    public const int LastErrorMaxLength = 500;
    /// <summary>A version-00 W3C traceparent is 55 characters.</summary>
    public const int TraceParentMaxLength = 55;
}
