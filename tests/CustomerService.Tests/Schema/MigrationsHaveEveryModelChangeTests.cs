using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Schema;

/// <summary>
/// EF's drift check, in the suite CI runs: a model change without its migration fails here, on each provider's
/// migration set (the same comparison as <c>dotnet ef migrations has-pending-model-changes</c>; no database needed).
/// </summary>
public sealed class MigrationsHaveEveryModelChangeTests
{
    private const string HowToFix =
        "The model changed without a migration. From src/CustomerService run, for each provider: " +
        "dotnet ef migrations add <Name> --context SqliteCustomerDbContext --output-dir Infrastructure/Data/Migrations/Sqlite, " +
        "and the same with PostgresCustomerDbContext and Infrastructure/Data/Migrations/Postgres (README, Database).";

    [Fact]
    public void TheSqliteMigrationsHaveEveryModelChange()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), HowToFix);
    }

    [Fact]
    public void ThePostgresMigrationsHaveEveryModelChange()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), HowToFix);
    }
}
