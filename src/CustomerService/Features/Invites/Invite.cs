using CustomerService.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Invites;

/// <summary>
/// An invitation for a customer to use the portal. Only a hash of its token is stored; its status is computed
/// when read (pending until accepted or past its expiry), so expiry needs no job.
/// </summary>
public sealed class Invite
{
    public const int ValidDays = 7;

    public long Id { get; init; }
    public long CustomerId { get; init; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public required string TokenHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBySubject { get; set; }

    public string StatusAt(DateTime now) => AcceptedAt is not null ? InviteStatus.Accepted : now >= ExpiresAt ? InviteStatus.Expired : InviteStatus.Pending;
}

public static class InviteStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Expired = "expired";
}

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> b)
    {
        b.ToTable("customer_invites");
        b.HasKey(i => i.Id);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.Property(i => i.CreatedBy).HasMaxLength(255);
        b.Property(i => i.AcceptedBySubject).HasMaxLength(255);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => i.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
