namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// Wakes this instance's relay when a transaction that wrote outbox rows has committed, so its events go out at once
/// rather than at the next poll. Only a hint, never the truth: the rows are in the database, and the relays of the
/// other instances find them at their next poll (<see cref="EventOptions.PollingIntervalSeconds"/>). A NOTIFY in the
/// writing transaction would wake them too, but PostgreSQL serializes the commits of every transaction that sent a
/// NOTIFY on one database-wide lock, which is the global write lock this design removes.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Called after a commit that wrote outbox rows.</summary>
    public void Committed()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    /// <summary>Waits until a commit is signalled or the delay passes (or the token is cancelled).</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The polling interval passed without a commit, or the host is stopping (the caller's loop ends).
        }
    }

    public void Dispose() => _wake.Dispose();
}
