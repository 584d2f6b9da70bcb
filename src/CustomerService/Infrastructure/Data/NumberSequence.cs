using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Infrastructure.Data;

/// <summary>A named counter for human-facing numbers (contract numbers per year, account numbers).</summary>
public sealed class NumberSequence
{
    public required string Name { get; init; }
    public long LastValue { get; set; }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> b)
    {
        b.ToTable("number_sequences");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(50);
    }
}

/// <summary>
/// Hands out the next values of named counters (contract numbers per year, account numbers), outside any business
/// transaction, so concurrent enrollments never wait on each other for a number. A number whose transaction later
/// rolls back is skipped, never reused.
/// <para>
/// PostgreSQL: one PostgreSQL sequence per counter, through the <c>next_number(counter, first)</c> function (created
/// by the 20261129000500 migration), which creates a counter's sequence on its first use (a new year's contract
/// numbers). <c>nextval</c> takes no row lock and assigns no transaction id, so several numbers come in one
/// statement that commits nothing. SQLite (one writer at a time): an atomic upsert per counter in <c>number_sequences</c>.
/// </para>
/// </summary>
public sealed class NumberSequences(CustomerDbContext db)
{
    /// <summary>A named counter and the value it starts at.</summary>
    public readonly record struct Counter(string Name, long FirstValue);

    public async Task<long> NextAsync(string name, long firstValue, CancellationToken ct) =>
        (await NextAsync([new Counter(name, firstValue)], ct))[0];

    /// <summary>The next value of each counter, in one round trip on PostgreSQL.</summary>
    public async Task<long[]> NextAsync(IReadOnlyList<Counter> counters, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Numbers are allocated outside the business transaction.");

        if (!db.Database.IsNpgsql())
        {
            var values = new long[counters.Count];
            for (var i = 0; i < counters.Count; i++)
            {
                values[i] = await db.ScalarInt64Async(
                    "INSERT INTO number_sequences (name, last_value) VALUES (@name, @first) " +
                    "ON CONFLICT (name) DO UPDATE SET last_value = number_sequences.last_value + 1 " +
                    "RETURNING last_value",
                    ct, ("@name", counters[i].Name), ("@first", counters[i].FirstValue));
            }
            return values;
        }

        var sql = "SELECT " + string.Join(", ", counters.Select((_, i) => $"next_number(@name{i}, @first{i})"));
        var parameters = counters.SelectMany((c, i) => new (string, object)[] { ($"@name{i}", c.Name), ($"@first{i}", c.FirstValue) }).ToArray();
        return await db.RowInt64Async(sql, ct, parameters);
    }
}
