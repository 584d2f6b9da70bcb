using System.Net;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Schema;

/// <summary>
/// Several instances started at once on an empty database, as a deployment scales out from nothing: every process comes
/// up and answers ready, and the schema is migrated exactly once (one process logs that it applied the migrations).
/// Real processes of the built service, each round with a keys folder of its own.
/// </summary>
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class ColdStartOnPostgres(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task ThreeInstancesStartingTogetherOnAnEmptyDatabaseAllComeUpAndMigrateOnceTenTimesInARow()
    {
        using var model = new PostgresDesignTimeFactory().CreateDbContext([]);
        var migrations = model.Database.GetMigrations().Count();
        for (var round = 1; round <= 10; round++)
        {
            await using var database = await server.CreateDatabaseAsync();
            await ColdStart.StartTogetherAsync(database, round, migrations);
        }
    }
}

public sealed class ColdStartOnSqlite
{
    [Fact]
    public async Task ThreeInstancesStartingTogetherOnANewFileAllComeUpAndMigrateOnce()
    {
        using var model = new SqliteDesignTimeFactory().CreateDbContext([]);
        await using var database = TestDatabase.Sqlite();
        await ColdStart.StartTogetherAsync(database, 1, model.Database.GetMigrations().Count());
    }
}

internal static class ColdStart
{
    private const int Instances = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static async Task StartTogetherAsync(TestDatabase database, int round, int migrations)
    {
        var keys = Directory.CreateTempSubdirectory("customer-service-cold-start-");
        var processes = Enumerable.Range(0, Instances).Select(_ => ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider,
            ["ConnectionStrings__Customers"] = database.ConnectionString,
            ["DataProtection__KeysPath"] = keys.FullName,
        })).ToList();
        try
        {
            var addresses = await Task.WhenAll(processes.Select(p => p.ListeningAsync(StartTimeout)));
            using var http = new HttpClient();
            foreach (var address in addresses)
            {
                var ready = await http.GetAsync(new Uri(address, "/health/ready"), TestContext.Current.CancellationToken);
                Assert.True(ready.StatusCode == HttpStatusCode.OK, $"Round {round}: {address} answered {ready.StatusCode} on /health/ready.");
            }
            var migrated = processes.Count(p => p.Output.Contains($"Applied {migrations} migration(s)", StringComparison.Ordinal));
            Assert.True(migrated == 1, $"Round {round}: {migrated} of {Instances} instances applied the migrations.");
            Assert.All(processes, p => Assert.False(p.HasExited));
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
            keys.Delete(recursive: true);
        }
    }
}
