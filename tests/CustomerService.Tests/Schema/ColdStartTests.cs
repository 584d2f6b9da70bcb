using System.Net;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Schema;

/// <summary>
/// Several instances started at once on an empty database, as a deployment scales out from nothing: every process comes
/// up and answers ready, and the schema is migrated exactly once (one process logs that it applied the migrations).
/// Real processes of the built service, each with its own keys folder.
/// </summary>
public sealed class ColdStartTests
{
    private const int Instances = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    [Trait(TestCategory.Trait, TestCategory.Postgres)]
    public async Task ThreeInstancesStartingTogetherOnAnEmptyPostgresDatabaseAllComeUpAndMigrateOnceTenTimesInARow()
    {
        using var model = new PostgresDesignTimeFactory().CreateDbContext([]);
        var migrations = model.Database.GetMigrations().ToList();
        for (var round = 1; round <= 10; round++)
        {
            await using var database = await TestDatabase.PostgresAsync();
            await StartTogetherAsync(database, round, migrations);
        }
    }

    [Fact]
    public async Task ThreeInstancesStartingTogetherOnANewSqliteFileAllComeUpAndMigrateOnce()
    {
        using var model = new SqliteDesignTimeFactory().CreateDbContext([]);
        var migrations = model.Database.GetMigrations().ToList();
        await using var database = TestDatabase.Sqlite();
        await StartTogetherAsync(database, 1, migrations);
    }

    private static async Task StartTogetherAsync(TestDatabase database, int round, IReadOnlyList<string> migrations)
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
            var migrated = processes.Count(p => p.Output.Contains($"Applied {migrations.Count} migration(s)", StringComparison.Ordinal));
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
