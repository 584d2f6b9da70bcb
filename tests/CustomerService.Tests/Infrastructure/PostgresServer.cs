namespace CustomerService.Tests.Infrastructure;

/// <summary>Marks what runs on the PostgreSQL server at TEST_POSTGRES, so its tests carry the Postgres category.</summary>
public interface IRunsOnPostgres;

/// <summary>
/// The PostgreSQL server at TEST_POSTGRES, for tests that make databases of their own (service processes, upgrades):
/// outside CI without a server, such a test reports itself skipped, as the other PostgreSQL tests do.
/// </summary>
public sealed class PostgresServer : IRunsOnPostgres
{
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await TestDatabase.PostgresAsync();
        if (database is TestDatabase.UnavailableDatabase unavailable) Assert.Skip(unavailable.Reason);
        return database;
    }
}
