using System.Data;
using System.Data.Common;
using CustomerService.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>One row of a result: the row as JSON text and the column the access log is keyed by.</summary>
public sealed record QueryRow(string Json, long AuditKey);

/// <summary>Runs the statements <see cref="QuerySql"/> builds on the context's connection, inside its transaction if one is open.</summary>
internal static class QueryDatabase
{
    public static bool IsPostgres(this CustomerDbContext db) => db.Database.IsNpgsql();

    public static async Task<List<QueryRow>> RowsAsync(CustomerDbContext db, SqlStatement statement, CancellationToken ct)
    {
        var rows = new List<QueryRow>();
        await RunAsync(db, statement, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(new QueryRow(reader.GetString(0), reader.GetInt64(1)));
        }, ct);
        return rows;
    }

    public static async Task<List<long>> KeysAsync(CustomerDbContext db, SqlStatement statement, CancellationToken ct)
    {
        var keys = new List<long>();
        await RunAsync(db, statement, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) keys.Add(reader.GetInt64(0));
        }, ct);
        return keys;
    }

    public static async Task<long> CountAsync(CustomerDbContext db, SqlStatement statement, CancellationToken ct)
    {
        long count = 0;
        await RunAsync(db, statement, async command =>
            count = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture), ct);
        return count;
    }

    private static async Task RunAsync(CustomerDbContext db, SqlStatement statement, Func<DbCommand, Task> run, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement.Text;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in statement.Parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                command.Parameters.Add(p);
            }
            await run(command);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintForeignKey = 787;

    /// <summary>A foreign-key violation by SQLSTATE 23503 or SQLite's extended result code, never by message.</summary>
    public static bool IsForeignKeyViolation(Exception? ex) => ex switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode == SqliteConstraintForeignKey,
        DbUpdateException update => IsForeignKeyViolation(update.InnerException),
        _ => ex?.InnerException is not null && IsForeignKeyViolation(ex.InnerException),
    };
}
