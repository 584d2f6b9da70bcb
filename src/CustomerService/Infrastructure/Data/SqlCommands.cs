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
    public static async Task<long> ScalarInt64Async(this CustomerDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
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
            var result = await command.ExecuteScalarAsync(ct);
            if (result is null or DBNull) throw new InvalidOperationException("The statement returned no value.");
            return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
