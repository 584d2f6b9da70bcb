using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CustomerService.Infrastructure.Data;

/// <summary>How long a transient database failure is retried before the request is answered 503.</summary>
public static class TransientRetries
{
    /// <summary>Three retries, about 0 + 1 + 1 s apart when the server refuses connections: a restart is ridden out, an outage is not waited on.</summary>
    public const int MaxRetryCount = 3;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Retry-After</c> of a 503 answered while the database is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// EF's own Error entries for a failed command, query, save, connection or transaction, each with the stack trace,
    /// several per failed request. They are lowered to Debug: every such failure either is handled (a conflict, a
    /// retry) or reaches a handler that logs it once.
    /// </summary>
    public static readonly (EventId, LogLevel)[] HandledFailureEvents =
    [
        (RelationalEventId.CommandError, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug),
        (RelationalEventId.TransactionError, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug),
        (CoreEventId.QueryIterationFailed, LogLevel.Debug),
    ];
}

/// <summary>
/// A transient failure after the unit of work sent its commit (or had changes of its own accepted): whether it
/// committed is unknown, so it is not retried (a retry could apply it twice). Answered 503 like any transient failure;
/// the client's retry meets the unit's own guards (an enrollment's Idempotency-Key, a contract's claim).
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database failed transiently while the change was being committed; it may or may not have been applied.", inner);
