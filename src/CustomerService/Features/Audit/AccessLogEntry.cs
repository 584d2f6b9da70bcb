using CustomerService.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Audit;

/// <summary>That someone other than the customer (csr, admin) read or changed a customer's data: who, whose, what, when.</summary>
public sealed class AccessLogEntry
{
    public long Id { get; init; }
    public required string ActorSubject { get; init; }
    public required string ActorRoles { get; init; }
    public long CustomerId { get; init; }
    public required string Method { get; init; }
    /// <summary>The endpoint's route pattern and the resource ids in it, e.g. GET /api/accounts/{accountId} (accountId=12).</summary>
    public required string Resource { get; init; }
    public DateTime OccurredAt { get; init; }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> b)
    {
        b.ToTable("access_log");
        b.HasKey(e => e.Id);
        b.Property(e => e.ActorSubject).HasMaxLength(255);
        b.Property(e => e.ActorRoles).HasMaxLength(100);
        b.Property(e => e.Method).HasMaxLength(10);
        b.Property(e => e.Resource).HasMaxLength(300);
        b.HasIndex(e => new { e.CustomerId, e.OccurredAt });
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
