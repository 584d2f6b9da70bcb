using Npgsql;

namespace CustomerService.Tests.Infrastructure;

/// <summary>A throwaway database for one test run: a SQLite file in a temp folder, or a fresh PostgreSQL database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }
    public abstract ValueTask DisposeAsync();

    public static TestDatabase Sqlite() => new SqliteTestDatabase();

    public static async Task<TestDatabase> PostgresAsync()
    {
        var admin = PostgresAdminConnectionString();
        var name = $"customer_service_test_{Guid.NewGuid():N}"[..40];
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var message = $"PostgreSQL is not reachable with TEST_POSTGRES='{Redacted(admin)}': {ex.Message}. " +
                          "Start a server (bash .ci/run does) or set TEST_POSTGRES to an admin connection string.";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") throw new InvalidOperationException(message, ex);
            return new UnavailableDatabase(message);
        }
        return new PostgresTestDatabase(admin, name);
    }

    public static string PostgresAdminConnectionString() =>
        Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Timeout=5";

    private static string Redacted(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("customer-service-tests-").FullName;
        public override string Provider => "sqlite";
        public override string ConnectionString => $"Data Source={Path.Combine(_folder, "customers.db")}";

        public override ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresTestDatabase(string admin, string name) : TestDatabase
    {
        public override string Provider => "postgres";
        public override string ConnectionString => new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 }.ConnectionString;

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>PostgreSQL could not be reached outside CI: the PostgreSQL tests report themselves skipped with the reason.</summary>
    public sealed class UnavailableDatabase(string reason) : TestDatabase
    {
        public string Reason { get; } = reason;
        public override string Provider => "postgres";
        public override string ConnectionString => throw new InvalidOperationException(Reason);
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
