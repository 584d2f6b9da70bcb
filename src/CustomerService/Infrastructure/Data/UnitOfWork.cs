using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerService.Infrastructure.Data;

/// <summary>
/// The transaction of a <see cref="CustomerDbContext.InTransactionAsync"/> unit of work. Disposing it without
/// <see cref="CommitAsync"/> rolls back.
/// </summary>
public sealed class UnitOfWork(IDbContextTransaction transaction, Action? committed = null) : IAsyncDisposable
{
    /// <summary>Whether the work may have made a change a re-run cannot undo or redo (it sent the commit).</summary>
    internal bool PastPointOfNoReturn { get; private set; }

    internal void PassPointOfNoReturn() => PastPointOfNoReturn = true;

    public async Task CommitAsync(CancellationToken ct)
    {
        PastPointOfNoReturn = true;
        await transaction.CommitAsync(ct);
        committed?.Invoke();
    }

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
