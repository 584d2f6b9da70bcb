using System.Data.Common;

namespace CustomerService.Tests.Schema;

/// <summary>
/// Everything a migration decides about a database, read from its catalog as sorted lines, to compare two databases:
/// tables, columns (type, nullability, default, identity), keys, foreign keys (with their actions), check constraints and
/// indexes. Rows of the migration history are not schema and are left out.
/// </summary>
internal static class DatabaseSchema
{
    public static Task<List<string>> DescribeAsync(DbConnection connection, string provider) =>
        provider == "postgres" ? DescribePostgresAsync(connection) : DescribeSqliteAsync(connection);

    private static async Task<List<string>> DescribePostgresAsync(DbConnection connection)
    {
        var lines = await QueryAsync(connection, """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                   || coalesce('(' || character_maximum_length || ')', '') || coalesce(' precision ' || numeric_precision || ',' || numeric_scale, '')
                   || ' nullable=' || is_nullable || ' default=' || coalesce(column_default, '-') || ' identity=' || coalesce(identity_generation, '-')
            FROM information_schema.columns WHERE table_schema = 'public'
            """);
        lines.AddRange(await QueryAsync(connection, """
            SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            """));
        lines.AddRange(await QueryAsync(connection, "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var table in await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'column {table}.' || name || ' ' || type || ' notnull=' || "notnull" || ' default=' || coalesce(dflt_value, '-') || ' pk=' || pk
                FROM pragma_table_info('{table}')
                """));
            lines.AddRange(await QueryAsync(connection, $"""
                SELECT 'foreign key {table}.' || "from" || ' -> ' || "table" || '.' || "to" || ' on delete ' || on_delete || ' on update ' || on_update
                FROM pragma_foreign_key_list('{table}')
                """));
            foreach (var index in await QueryAsync(connection, $"SELECT name || '|' || \"unique\" || '|' || origin || '|' || partial FROM pragma_index_list('{table}')"))
            {
                var name = index.Split('|')[0];
                var columns = await QueryAsync(connection, $"SELECT coalesce(name, '<expression>') FROM pragma_index_info('{name}') ORDER BY seqno", sort: false);
                lines.Add($"index {table} {index} ({string.Join(",", columns)})");
            }
        }
        // Check constraints live only in the table's SQL text, which a table rebuild rewrites: compare the clauses.
        foreach (var sql in await QueryAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'"))
        {
            lines.AddRange(sql.Split('\n').Select(l => l.Trim().TrimEnd(',')).Where(l => l.Contains("CHECK", StringComparison.Ordinal)).Select(l => "check " + l));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<List<string>> QueryAsync(DbConnection connection, string sql, bool sort = true)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        if (sort) rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
