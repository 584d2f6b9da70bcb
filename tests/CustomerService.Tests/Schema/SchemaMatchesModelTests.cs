using System.Data.Common;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CustomerService.Tests.Schema;

/// <summary>
/// The database the migrations actually produce has exactly the schema the EF model describes, on both providers:
/// every table, column (store type and nullability) and index (columns and uniqueness), nothing more or less.
/// EF's own drift check (MigrationsHaveEveryModelChangeTests) compares the model with the migrations' snapshot only;
/// this reads the migrated database, so it also catches an operation edited by hand (the baseline's, for instance)
/// that no longer creates what the snapshot claims.
/// </summary>
public abstract class SchemaMatchesModelTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task TheMigratedColumnsAreTheModelsColumns()
    {
        var (modelColumns, _) = await App.WithDbAsync(db => Task.FromResult(Model(db.Model)));
        var (databaseColumns, _) = await ReadDatabaseAsync();

        Assert.Equal(modelColumns, databaseColumns);
    }

    [Fact]
    public async Task TheMigratedIndexesAreTheModelsIndexes()
    {
        var (_, modelIndexes) = await App.WithDbAsync(db => Task.FromResult(Model(db.Model)));
        var (_, databaseIndexes) = await ReadDatabaseAsync();

        Assert.Equal(modelIndexes, databaseIndexes);
    }

    [Fact]
    public async Task TheMigrationHistoryHasEveryMigration()
    {
        var (applied, all) = await App.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync(), db.Database.GetMigrations()));

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
    }

    private static (List<string> Columns, List<string> Indexes) Model(IModel model)
    {
        var columns = new List<string>();
        var indexes = new List<string>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table);
            foreach (var property in entity.GetProperties())
            {
                columns.Add($"{table}.{property.GetColumnName(store)} {property.GetColumnType().ToLowerInvariant()} {(property.IsColumnNullable(store) ? "null" : "not null")}");
            }
            foreach (var index in entity.GetIndexes())
            {
                indexes.Add($"{table} {index.GetDatabaseName()} ({string.Join(",", index.Properties.Select(p => p.GetColumnName(store)))}){(index.IsUnique ? " unique" : "")}");
            }
        }
        columns.Sort(StringComparer.Ordinal);
        indexes.Sort(StringComparer.Ordinal);
        return (columns, indexes);
    }

    private async Task<(List<string> Columns, List<string> Indexes)> ReadDatabaseAsync() => await App.WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            return App.Provider == "postgres" ? await ReadPostgresAsync(connection) : await ReadSqliteAsync(connection);
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    private static async Task<(List<string>, List<string>)> ReadPostgresAsync(DbConnection connection)
    {
        var columns = await DatabaseSchema.QueryAsync(connection, """
            SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname NOT LIKE '\_\_EF%'
            """);
        var indexes = await DatabaseSchema.QueryAsync(connection, """
            SELECT t.relname || ' ' || i.relname || ' (' ||
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') || ')' ||
                   CASE WHEN ix.indisunique THEN ' unique' ELSE '' END
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            WHERE t.relnamespace = 'public'::regnamespace AND NOT ix.indisprimary AND t.relname NOT LIKE '\_\_EF%'
            """);
        return (columns, indexes);
    }

    private static async Task<(List<string>, List<string>)> ReadSqliteAsync(DbConnection connection)
    {
        var tables = await DatabaseSchema.QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\'");
        var columns = new List<string>();
        var indexes = new List<string>();
        foreach (var table in tables)
        {
            columns.AddRange(await DatabaseSchema.QueryAsync(connection,
                $"SELECT '{table}.' || name || ' ' || lower(type) || CASE WHEN \"notnull\" = 1 OR pk = 1 THEN ' not null' ELSE ' null' END FROM pragma_table_info('{table}')"));
            foreach (var index in await DatabaseSchema.QueryAsync(connection, $"SELECT name || '|' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var (name, unique) = (index.Split('|')[0], index.Split('|')[1] == "1");
                var cols = await DatabaseSchema.QueryAsync(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", sort: false);
                indexes.Add($"{table} {name} ({string.Join(",", cols)}){(unique ? " unique" : "")}");
            }
        }
        columns.Sort(StringComparer.Ordinal);
        indexes.Sort(StringComparer.Ordinal);
        return (columns, indexes);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchemaMatchesModelOnSqlite(SqliteApp app) : SchemaMatchesModelTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SchemaMatchesModelOnPostgres(PostgresApp app) : SchemaMatchesModelTests(app);
