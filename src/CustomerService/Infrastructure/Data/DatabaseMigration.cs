using System.Data.Common;
using CustomerService.Infrastructure.Data.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerService.Infrastructure.Data;

/// <summary>A one-time data step that runs after the schema migrations, under the same lock (e.g. importing keys).</summary>
public interface IDataMigration
{
    Task RunAsync(CustomerDbContext db, CancellationToken ct);
}

/// <summary>
/// Brings the database to the model: adopts a database made by the hand-written migrations (<see cref="MigrationBaseline"/>),
/// applies EF's generated migrations, then runs the <see cref="IDataMigration"/>s. One instance at a time: on PostgreSQL
/// under a session advisory lock held for the whole step, on SQLite under a lock file beside the database, so any
/// number of instances may start at once on one database and the schema is migrated exactly once.
/// </summary>
public static class DatabaseMigration
{
    /// <summary>The advisory lock key that serializes migrations ("migrate" in ASCII).</summary>
    private const long MigrationLock = 0x6d696772617465;

    /// <summary>
    /// At start: migrates, or with Database:MigrateOnStart off (a deployment that runs <c>migrate</c> first) refuses to
    /// start on a database that lacks a migration, rather than serve requests against an older schema.
    /// </summary>
    public static async Task MigrateCustomerDatabaseAsync(this WebApplication app)
    {
        var ct = app.Lifetime.ApplicationStopping;
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await app.Services.MigrateAsync(ct);
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var pending = (await scope.ServiceProvider.GetRequiredService<CustomerDbContext>().Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and Database:MigrateOnStart is false: " +
                "run `dotnet CustomerService.dll migrate` (deploy/kubernetes/migration-job.yaml) first.");
    }

    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigration));
        var connectionString = db.Database.GetConnectionString()!;

        await using var migrationLock = db.Database.IsNpgsql()
            ? await PostgresLock.TakeAsync(connectionString, ct)
            : await SqliteLock.TakeAsync(connectionString, ct);

        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await MigrationBaseline.AdoptAsync(db, logger, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (pending.Count > 0)
            logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        foreach (var step in scope.ServiceProvider.GetServices<IDataMigration>())
            await step.RunAsync(db, ct);
    }

    /// <summary>A session advisory lock on a connection of its own, released when disposed (or when the connection dies).</summary>
    private sealed class PostgresLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> TakeAsync(string connectionString, CancellationToken ct)
        {
            // Not pooled: the lock belongs to this session only, and closing it must end the session.
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", MigrationLock);
            await command.ExecuteNonQueryAsync(ct);
            return new PostgresLock(connection);
        }

        public async ValueTask DisposeAsync() => await connection.DisposeAsync();
    }

    /// <summary>An exclusive lock file beside the database file (SQLite serves instances on one machine only).</summary>
    private sealed class SqliteLock(FileStream? file) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> TakeAsync(string connectionString, CancellationToken ct)
        {
            var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (string.IsNullOrEmpty(source) || source == ":memory:") return new SqliteLock(null);
            var path = source + ".migration-lock";
            while (true)
            {
                try
                {
                    return new SqliteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
                }
                catch (IOException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), ct); // another instance is migrating
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            file?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
