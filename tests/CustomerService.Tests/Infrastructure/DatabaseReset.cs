using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// Puts a test database back as the app left it at start-up, by a rule read from the EF model rather than a list of
/// tables. A table that was empty then (customers and all they own, the outbox, drafts, counters, and any table added
/// later) is emptied, its dependents before it. A table that held rows then holds reference data: what
/// ReferenceDataSeeder seeds, the one place that declares it. Its rows keep their identity and get back the values
/// they were seeded with (a meter an enrollment claimed is available again, at no premise); rows a test added go and
/// rows a test removed come back.
/// </summary>
internal sealed class DatabaseReset
{
    private readonly HashSet<string> _emptied;
    private readonly string _emptyTables;
    private readonly string _readSeededTables;
    private readonly IReadOnlyList<SeededTable> _seeded;

    private DatabaseReset(HashSet<string> emptied, string emptyTables, string readSeededTables, IReadOnlyList<SeededTable> seeded)
    {
        _emptied = emptied;
        _emptyTables = emptyTables;
        _readSeededTables = readSeededTables;
        _seeded = seeded;
    }

    private const string DropCounterSequences = """
        DO $$
        DECLARE s text;
        BEGIN
            FOR s IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() AND sequencename LIKE 'number\_%' LOOP
                EXECUTE format('DROP SEQUENCE %I', s);
            END LOOP;
        END
        $$
        """;

    /// <summary>Reads the state to go back to: call it once, right after start-up, before any test runs.</summary>
    public static async Task<DatabaseReset> CaptureAsync(DbContext db)
    {
        var seeded = new List<SeededTable>();
        var empty = new List<IEntityType>();
        // The Data Protection key ring is the app's, not test data: data encrypted before a reset must still decrypt after it.
        foreach (var type in db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !t.IsOwned() && t.ClrType != typeof(DataProtectionKey)))
        {
            if (type.BaseType is not null || type.FindPrimaryKey() is null || type.HasSharedClrType)
                throw new NotSupportedException($"{type.DisplayName()}: the test reset handles tables of one entity type with a primary key.");
            var rows = await RowsAsync(db, type);
            if (rows.Count == 0) empty.Add(type);
            else seeded.Add(new SeededTable(type, rows.Select(r => db.Entry(r)).ToDictionary(Key, Values, KeyComparer.Instance), []));
        }
        db.ChangeTracker.Clear();
        var read = ReadingSql(db, seeded.Select(s => s.Type));
        var stored = await ReadStoredAsync(db, read);
        return new DatabaseReset(empty.Select(t => t.Name).ToHashSet(), EmptyingSql(db, empty), read, seeded.Select((s, i) => s with { Stored = stored[i] }).ToList());
    }

    /// <summary>In one transaction, run as the app runs its units of work: under the provider's execution strategy, re-run whole on a transient failure.</summary>
    public Task RunAsync(DbContext db) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
    {
        db.ChangeTracker.Clear();
        await RunOnceAsync(db);
    });

    private async Task RunOnceAsync(DbContext db)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var added = new List<object>();
        var removed = new List<(IEntityType Type, object?[] Values)>();
        // One round trip finds the tables a test changed (usually meters, or none): only those are compared row by row.
        var stored = await ReadStoredAsync(db, _readSeededTables);
        foreach (var table in _seeded.Where((t, i) => !SameRows(t.Stored, stored[i])))
        {
            var seen = new HashSet<object?[]>(KeyComparer.Instance);
            foreach (var entry in (await RowsAsync(db, table.Type)).Select(r => db.Entry(r)))
            {
                var key = Key(entry);
                if (table.Rows.TryGetValue(key, out var values))
                {
                    seen.Add(key);
                    Restore(entry, values);
                }
                else
                {
                    // Removed after the customer data it may reference, and before that, let go of it.
                    foreach (var property in entry.Metadata.GetForeignKeys().Where(fk => !fk.IsRequired && _emptied.Contains(fk.PrincipalEntityType.Name)).SelectMany(fk => fk.Properties))
                        entry.Property(property.Name).CurrentValue = null;
                    added.Add(entry.Entity);
                }
            }
            removed.AddRange(table.Rows.Where(r => !seen.Contains(r.Key)).Select(r => (table.Type, r.Value)));
        }
        // Seeded values reference no customer data (there was none), so this releases it before it is deleted.
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync(_emptyTables);
        // PostgreSQL keeps the product's counters (NumberSequences) as sequences beside the emptied number_sequences
        // table: dropped, each is created afresh at its first value on its next use.
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync(DropCounterSequences);
        if (added.Count + removed.Count > 0)
        {
            db.RemoveRange(added);
            foreach (var (type, values) in removed)
            {
                var entity = Activator.CreateInstance(type.ClrType, nonPublic: true)!;
                Restore(db.Entry(entity), values);
                db.Add(entity);
            }
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>
    /// DELETEs of every table that was empty, each after the tables referencing it. A reference within a cycle
    /// (today: a contract renewed from another) is set to NULL first, since SQLite checks RESTRICT row by row.
    /// </summary>
    private static string EmptyingSql(DbContext db, IReadOnlyCollection<IEntityType> types)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Table(IEntityType t) => sql.DelimitIdentifier(t.GetTableName()!, t.GetSchema());
        var tables = types.ToHashSet();
        var references = types.SelectMany(t => t.GetForeignKeys()).Where(fk => tables.Contains(fk.PrincipalEntityType)).ToList();
        var statements = new List<string>();
        void Release(IForeignKey fk)
        {
            if (fk.IsRequired)
                throw new NotSupportedException($"The test reset cannot order the deletes: {fk} closes a cycle of required references.");
            var store = StoreObjectIdentifier.Table(fk.DeclaringEntityType.GetTableName()!, fk.DeclaringEntityType.GetSchema());
            var columns = fk.Properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)).ToList();
            statements.Add($"UPDATE {Table(fk.DeclaringEntityType)} SET {string.Join(", ", columns.Select(c => $"{c} = NULL"))} WHERE {columns[0]} IS NOT NULL");
            references.Remove(fk);
        }
        foreach (var self in references.Where(fk => fk.DeclaringEntityType == fk.PrincipalEntityType).ToList()) Release(self);

        var deletes = new List<string>();
        var remaining = types.OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(t => !references.Any(fk => fk.PrincipalEntityType == t && remaining.Contains(fk.DeclaringEntityType)));
            if (next is null)
            {
                Release(references.FirstOrDefault(fk => !fk.IsRequired && remaining.Contains(fk.DeclaringEntityType) && remaining.Contains(fk.PrincipalEntityType))
                        ?? references.First(fk => remaining.Contains(fk.DeclaringEntityType) && remaining.Contains(fk.PrincipalEntityType)));
                continue;
            }
            deletes.Add($"DELETE FROM {Table(next)}");
            remaining.Remove(next);
        }
        return string.Join(";\n", statements.Concat(deletes));
    }

    /// <summary>Every column of every seeded table, ordered by key, as the provider returns them.</summary>
    private static string ReadingSql(DbContext db, IEnumerable<IEntityType> types)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        return string.Join(";\n", types.Select(t =>
        {
            var store = StoreObjectIdentifier.Table(t.GetTableName()!, t.GetSchema());
            string Columns(IEnumerable<IProperty> properties) => string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)));
            return $"SELECT {Columns(t.GetProperties())} FROM {sql.DelimitIdentifier(t.GetTableName()!, t.GetSchema())} ORDER BY {Columns(t.FindPrimaryKey()!.Properties)}";
        }));
    }

    private static async Task<List<List<object[]>>> ReadStoredAsync(DbContext db, string sql)
    {
        var tables = new List<List<object[]>>();
        if (sql.Length == 0) return tables;
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            do
            {
                var rows = new List<object[]>();
                while (await reader.ReadAsync())
                {
                    var values = new object[reader.FieldCount];
                    reader.GetValues(values);
                    rows.Add(values);
                }
                tables.Add(rows);
            } while (await reader.NextResultAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return tables;
    }

    private static bool SameRows(List<object[]> seeded, List<object[]> now) =>
        seeded.Count == now.Count && seeded.Zip(now).All(r => StructuralComparisons.StructuralEqualityComparer.Equals(r.First, r.Second));

    private static object?[] Key(EntityEntry entry) => entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray();

    private static object?[] Values(EntityEntry entry) =>
        entry.Metadata.GetProperties().Select(p => p.GetValueComparer().Snapshot(entry.Property(p.Name).CurrentValue)).ToArray();

    /// <summary>Sets the properties whose value differs from the seeded one, so SaveChanges updates only what a test changed.</summary>
    private static void Restore(EntityEntry entry, object?[] values)
    {
        var i = 0;
        foreach (var property in entry.Metadata.GetProperties())
        {
            var value = values[i++];
            var current = entry.Property(property.Name);
            if (!property.GetValueComparer().Equals(current.CurrentValue, value))
                current.CurrentValue = property.GetValueComparer().Snapshot(value);
        }
    }

    private static readonly MethodInfo RowsOfType = typeof(DatabaseReset).GetMethod(nameof(RowsOfTypeAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<List<object>> RowsAsync(DbContext db, IEntityType type) =>
        (Task<List<object>>)RowsOfType.MakeGenericMethod(type.ClrType).Invoke(null, [db])!;

    private static async Task<List<object>> RowsOfTypeAsync<T>(DbContext db) where T : class => [.. await db.Set<T>().ToListAsync()];

    /// <summary>A table that held rows at start-up: its rows' property values by key, and as stored.</summary>
    private sealed record SeededTable(IEntityType Type, Dictionary<object?[], object?[]> Rows, List<object[]> Stored);

    private sealed class KeyComparer : IEqualityComparer<object?[]>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals(object?[]? x, object?[]? y) => StructuralComparisons.StructuralEqualityComparer.Equals(x, y);
        public int GetHashCode(object?[] obj) => StructuralComparisons.StructuralEqualityComparer.GetHashCode(obj);
    }
}
