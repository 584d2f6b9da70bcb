using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerService.Infrastructure.Data;

/// <summary>
/// Runs one parameterized statement on the context's connection, inside its current transaction if any.
/// For the few atomic statements EF cannot express (upserts and UPDATE … RETURNING counters).
/// </summary>
internal static class SqlCommands
{
    public static async Task<long> ScalarInt64Async(this CustomerDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        (await db.RowInt64Async(sql, ct, parameters))[0];

    /// <summary>The one row the statement returns, as 64-bit integers.</summary>
    public static async Task<long[]> RowInt64Async(this CustomerDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                DbParameter p = command.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                command.Parameters.Add(p);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The statement returned no row.");
            var row = new long[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                if (await reader.IsDBNullAsync(i, ct)) throw new InvalidOperationException("The statement returned no value.");
                row[i] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }
            return row;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
