using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>What one relay round did.</summary>
public readonly record struct RelayRound(int Delivered, int Failed, bool TransportUnavailable, bool MoreWaiting);

/// <summary>
/// Delivers outbox rows to the transport at least once, in order per customer (subject, customer_sequence).
/// Only the oldest undelivered row of each customer (its queue head) can be claimed; on PostgreSQL the heads are
/// locked with <c>FOR UPDATE SKIP LOCKED</c> for the round, so several instances on one database never deliver
/// the same customer's events at the same time, and a customer whose head waits for a retry or is parked holds
/// back only that customer's later events. Rows are marked delivered in the same transaction, after the transport
/// confirmed them: a crash in between re-delivers (consumers de-duplicate by id or by subject + sequence).
/// A graceful stop (SIGTERM) claims nothing more and starts no further run, but finishes the run in flight and
/// records what the broker confirmed before it exits, so the next instance publishes none of it again; only when
/// the host's shutdown timeout passes is the run in flight abandoned.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    IEventPublisher publisher,
    IOptions<EventOptions> options,
    TimeProvider time,
    OutboxMetrics metrics,
    OutboxSignal signal,
    ILogger<OutboxRelay> log) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    // Cancelled when the host's shutdown timeout has passed, not when it starts stopping (that is the stopping token).
    private readonly CancellationTokenSource _abandon = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    private EventOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(log, Options.Transport);
        var transportFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = TimeSpan.FromSeconds(Options.PollingIntervalSeconds);
            try
            {
                var round = await DeliverOnceAsync(stoppingToken);
                if (round.TransportUnavailable)
                {
                    transportFailures++;
                    delay = Options.RetryDelay(transportFailures) < delay ? Options.RetryDelay(transportFailures) : delay;
                    await Task.Delay(delay, time, stoppingToken);
                    continue;
                }
                transportFailures = 0;
                if (round.MoreWaiting) continue;
                if (time.GetUtcNow() - _lastPrune >= PruneEvery) await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Database unreachable, a deadlock victim…: nothing was marked, the next round tries again.
                if (DbErrors.IsTransient(ex)) LogRoundFailedTransiently(log, DbErrors.Cause(ex), DbErrors.Code(ex));
                else LogRoundFailed(log, ex.GetType().Name, ex);
            }
            // Woken by a commit on this instance (OutboxSignal); other instances' commits are found at the next poll.
            await signal.WaitAsync(delay, time, stoppingToken);
        }
        LogStopped(log);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abandonAtTimeout = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// One round: claim up to <see cref="EventOptions.BatchSize"/> customers whose queue head is due, publish each
    /// customer's run of undelivered events in order, and record the outcome. Public so tests drive it directly.
    /// </summary>
    public async Task<RelayRound> DeliverOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        // On PostgreSQL the claim holds row locks until this round commits. SQLite has one writer and one relay:
        // no transaction while publishing, so enrollments are not blocked behind the broker.
        return db.Database.IsNpgsql()
            ? await db.InTransactionAsync((tx, ct) => DeliverOnceAsync(db, tx, ct), ct)
            : await DeliverOnceAsync(db, null, ct);
    }

    private async Task<RelayRound> DeliverOnceAsync(CustomerDbContext db, UnitOfWork? tx, CancellationToken ct)
    {
        var postgres = tx is not null;
        var now = time.GetUtcNow().UtcDateTime;
        var batch = Options.BatchSize;

        var heads = postgres
            ? await db.OutboxEvents.FromSqlRaw(ClaimHeadsSql, now, batch).ToListAsync(ct)
            : await db.OutboxEvents
                .Where(o => o.DeliveredAt == null && o.ParkedAt == null && (o.NextAttemptAt == null || o.NextAttemptAt <= now)
                            && !db.OutboxEvents.Any(p => p.Subject == o.Subject && p.DeliveredAt == null && p.CustomerSequence < o.CustomerSequence))
                .OrderBy(o => o.Sequence).Take(batch).ToListAsync(ct);
        if (heads.Count == 0)
        {
            if (tx is not null) await tx.CommitAsync(ct);
            return new RelayRound(0, 0, false, false);
        }

        var subjects = heads.Select(h => h.Subject).ToList();
        // The rows behind each head are protected by the head's lock: no other relay can claim them before it.
        var pending = await db.OutboxEvents
            .Where(o => subjects.Contains(o.Subject) && o.DeliveredAt == null && o.ParkedAt == null)
            .OrderBy(o => o.Subject).ThenBy(o => o.CustomerSequence)
            .ToListAsync(ct);
        var runs = heads.OrderBy(h => h.Sequence)
            .Select(h => pending.Where(o => o.Subject == h.Subject && o.CustomerSequence >= h.CustomerSequence).Take(batch).ToList())
            .ToList();

        int delivered = 0, failed = 0;
        var transportDown = false;
        foreach (var run in runs)
        {
            // Stopping: no further run is started; the rest stay claimed only until this round commits.
            if (ct.IsCancellationRequested) break;
            RunOutcome outcome;
            try
            {
                // Not the stopping token: a run in flight is finished, so that what the broker confirms is recorded below.
                outcome = await PublishRunAsync(run, now, _abandon.Token);
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                break; // the shutdown timeout passed mid-run: what this run published goes again (at least once)
            }
            delivered += outcome.Delivered;
            if (outcome.Failed) failed++;
            if (outcome.TransportDown)
            {
                transportDown = true;
                break;
            }
        }

        // Recorded even while stopping: cancelling this write is what made the next instance publish them again.
        await db.SaveChangesAsync(CancellationToken.None);
        if (tx is not null) await tx.CommitAsync(CancellationToken.None);
        metrics.Delivered(runs.SelectMany(r => r).Where(e => e.DeliveredAt is not null).ToList(), now);
        if (transportDown) LogTransportUnavailable(log, Options.Transport);
        return new RelayRound(delivered, failed, transportDown, !transportDown && (heads.Count == batch || runs.Any(r => r.Count == batch)));
    }

    private readonly record struct RunOutcome(int Delivered, bool Failed, bool TransportDown);

    /// <summary>Publishes one customer's run; on a failure, event by event, so the failing event is the one charged.</summary>
    private async Task<RunOutcome> PublishRunAsync(List<OutboxEvent> run, DateTime now, CancellationToken ct)
    {
        try
        {
            await PublishAsync(run.Select(CloudEvent.From).ToList(), ct);
            foreach (var e in run) MarkDelivered(e, now);
            return new RunOutcome(run.Count, false, false);
        }
        catch (EventTransportUnavailableException)
        {
            return new RunOutcome(0, false, true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && run.Count == 1)
        {
            RecordFailure(run[0], ex, now);
            return new RunOutcome(0, true, false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunFailed(log, run[0].Subject, run.Count, ex.GetType().Name);
        }

        var delivered = 0;
        foreach (var e in run)
        {
            try
            {
                await PublishAsync([CloudEvent.From(e)], ct);
                MarkDelivered(e, now);
                delivered++;
            }
            catch (EventTransportUnavailableException)
            {
                return new RunOutcome(delivered, false, true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RecordFailure(e, ex, now);
                return new RunOutcome(delivered, true, false);
            }
        }
        return new RunOutcome(delivered, false, false);
    }

    /// <summary>
    /// The transport's publish as a span: transport and event count, never event data or customer ids. It continues
    /// the trace of the change that recorded the events when they all carry the same <c>traceparent</c> (one
    /// enrollment's events: one trace from the request to the broker's confirmation); otherwise it starts a trace of
    /// its own, linked to each of theirs.
    /// </summary>
    private async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var recordedIn = events.Select(e => e.TraceParent).Distinct()
            .Select(t => t is not null && System.Diagnostics.ActivityContext.TryParse(t, null, isRemote: true, out var context) ? context : default)
            .ToList();
        var parent = recordedIn is [var only] ? only : default;
        var links = recordedIn.Count > 1
            ? recordedIn.Where(c => c != default).Select(c => new System.Diagnostics.ActivityLink(c)).ToList()
            : null;
        using var activity = OutboxMetrics.Tracing.StartActivity("outbox publish", System.Diagnostics.ActivityKind.Producer, parent, links: links);
        activity?.SetTag("messaging.system", Options.Transport);
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.batch.message_count", events.Count);
        try
        {
            await publisher.PublishAsync(events, ct);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private static void MarkDelivered(OutboxEvent e, DateTime now)
    {
        e.DeliveredAt = now;
        e.NextAttemptAt = null;
    }

    private void RecordFailure(OutboxEvent e, Exception ex, DateTime now)
    {
        e.Attempts++;
        // The transport's message names brokers and reasons, never event data; truncated to the column.
        var error = $"{ex.GetType().Name}: {ex.Message}";
        e.LastError = error.Length > OutboxEvent.LastErrorMaxLength ? error[..OutboxEvent.LastErrorMaxLength] : error;
        if (e.Attempts >= Options.MaxAttempts)
        {
            e.ParkedAt = now;
            e.NextAttemptAt = null;
            metrics.Parked();
            LogParked(log, e.Id, e.Type, e.CustomerSequence, e.Attempts, ex.GetType().Name);
        }
        else
        {
            e.NextAttemptAt = now + Options.RetryDelay(e.Attempts);
            metrics.Retried();
            LogRetry(log, e.Id, e.Type, e.CustomerSequence, e.Attempts, e.NextAttemptAt.Value, ex.GetType().Name);
        }
    }

    /// <summary>Deletes delivered rows older than <see cref="EventOptions.RetentionHours"/>; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        _lastPrune = now;
        var cutoff = now.UtcDateTime.AddHours(-Options.RetentionHours);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        var pruned = await db.OutboxEvents.Where(o => o.DeliveredAt != null && o.DeliveredAt < cutoff).ExecuteDeleteAsync(ct);
        if (pruned > 0) LogPruned(log, pruned, Options.RetentionHours);
        return pruned;
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    // Heads only: the oldest undelivered row of its subject, due, not parked. SKIP LOCKED passes over customers
    // another instance is delivering right now.
    private const string ClaimHeadsSql = """
        SELECT o.* FROM outbox_events AS o
        WHERE o.delivered_at IS NULL AND o.parked_at IS NULL
          AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= {0})
          AND NOT EXISTS (
              SELECT 1 FROM outbox_events AS p
              WHERE p.subject = o.subject AND p.delivered_at IS NULL AND p.customer_sequence < o.customer_sequence)
        ORDER BY o.sequence
        LIMIT {1}
        FOR UPDATE OF o SKIP LOCKED
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay started, transport {Transport}")]
    private static partial void LogStarted(ILogger logger, string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed ({ExceptionType}); retrying")]
    private static partial void LogRoundFailed(ILogger logger, string exceptionType, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed: database unavailable ({Cause}, code {Code}); retrying")]
    private static partial void LogRoundFailedTransiently(ILogger logger, string cause, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transport {Transport} unavailable; events stay in the outbox and are retried")]
    private static partial void LogTransportUnavailable(ILogger logger, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} events of subject {Subject} failed ({ExceptionType}); retrying them one by one")]
    private static partial void LogRunFailed(ILogger logger, string subject, int count, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} ({EventType}, sequence {Sequence}) failed attempt {Attempts} ({ExceptionType}); next attempt at {NextAttemptAt:O}")]
    private static partial void LogRetry(ILogger logger, Guid eventId, string eventType, long sequence, int attempts, DateTime nextAttemptAt, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}, sequence {Sequence}) parked after {Attempts} failed attempts ({ExceptionType}); its customer's later events wait for a re-queue")]
    private static partial void LogParked(ILogger logger, Guid eventId, string eventType, long sequence, int attempts, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} delivered outbox events older than {RetentionHours} h")]
    private static partial void LogPruned(ILogger logger, int count, int retentionHours);
}
