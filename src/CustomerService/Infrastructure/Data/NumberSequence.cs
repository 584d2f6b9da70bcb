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
/// Hands out the next value of a named counter with one atomic upsert, in its own short statement outside
/// any business transaction, so concurrent enrollments never wait on each other for a number. A number
/// whose transaction later rolls back is skipped, never reused.
/// </summary>
public sealed class NumberSequences(CustomerDbContext db)
{
    public async Task<long> NextAsync(string name, long firstValue, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Numbers are allocated outside the business transaction.");

        return await db.ScalarInt64Async(
            "INSERT INTO number_sequences (name, last_value) VALUES (@name, @first) " +
            "ON CONFLICT (name) DO UPDATE SET last_value = number_sequences.last_value + 1 " +
            "RETURNING last_value",
            ct, ("@name", name), ("@first", firstValue));
    }
}
