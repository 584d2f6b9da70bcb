using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.ReferenceData;

/// <summary>
/// The one way reference data (territories, ZIP prefixes, plans and where they are offered, service points) changes:
/// an import or a back-office edit runs its change here, so that no instance keeps serving what it cached before.
/// </summary>
public sealed class ReferenceDataChanges(ReferenceDataCache cache)
{
    /// <summary>The PostgreSQL channel every instance LISTENs on (<see cref="ReferenceDataListener"/>).</summary>
    public const string NotificationChannel = "customer_service_reference_data";

    /// <summary>
    /// Runs <paramref name="change"/> (which loads and edits entities) and saves it in one transaction that, on
    /// PostgreSQL, also NOTIFYs every instance: the notification is delivered on commit, never for a change rolled back.
    /// This instance's cache is emptied once the transaction is over, committed or not (a commit whose outcome is
    /// unknown included), so the next request here reads what the database holds. Returns the number of rows saved.
    /// </summary>
    public async Task<int> SaveAsync(CustomerDbContext db, Func<CancellationToken, Task> change, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(async (tx, attemptCt) =>
            {
                await change(attemptCt);
                if (!db.ChangeTracker.HasChanges()) return 0;
                var saved = await db.SaveChangesAsync(attemptCt);
                if (db.Database.IsNpgsql())
                    await db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannel}, '')", attemptCt);
                await tx.CommitAsync(attemptCt);
                return saved;
            }, ct);
        }
        finally
        {
            cache.Invalidate();
        }
    }
}
