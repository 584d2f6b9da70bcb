using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>
/// Until 2026-11-29 the schema came from five hand-written migrations. The generated <c>Baseline</c> migration
/// creates exactly the schema they left (BaselineAcceptsThePreviousSchemaTests compares the two on both providers),
/// so a database they made is recorded as at <c>Baseline</c> without a schema change, and then takes the migrations
/// that follow like any other. Their history rows stay, as the record of where the database came from.
/// </summary>
public static class MigrationBaseline
{
    public const string Baseline = "20261129000000_Baseline";

    /// <summary>The hand-written migrations, oldest first; only a database at the last one is adopted.</summary>
    public static readonly IReadOnlyList<string> HandWritten =
    [
        "20261121000001_InitialSchema",
        "20261121000100_EventDelivery",
        "20261121000200_SelfService",
        "20261121000300_BackOffice",
        "20261121000400_Portal",
    ];

    public static async Task AdoptAsync(CustomerDbContext db, ILogger logger, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(ct)) return;
        var applied = (await history.GetAppliedMigrationsAsync(ct)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
        if (applied.Contains(Baseline) || !applied.Overlaps(HandWritten)) return;

        var missing = HandWritten.Where(id => !applied.Contains(id)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The database was migrated by a release older than 2026-11-21 (it lacks {string.Join(", ", missing)}). " +
                "Start a release of 2026-11-21 to 2026-11-28 on it once, then this one.");

        // The history repository writes its own row: the same SQL EF writes after applying a migration.
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(Baseline, ProductInfo.GetVersion())), ct);
        logger.LogInformation("Adopted a database made by the hand-written migrations as at {Migration}", Baseline);
    }
}
