using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Customers;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.HasKey(c => c.Id);
        b.Property(c => c.Type).HasMaxLength(20);
        b.Property(c => c.FirstName).HasMaxLength(100);
        b.Property(c => c.LastName).HasMaxLength(100);
        b.Property(c => c.BusinessName).HasMaxLength(200);
        b.Property(c => c.BusinessType).HasMaxLength(30);
        b.Property(c => c.TaxIdProtected).HasMaxLength(1000);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Email).HasMaxLength(254);
        b.Property(c => c.Phone).HasMaxLength(20);
        b.Property(c => c.ContactFirstName).HasMaxLength(100);
        b.Property(c => c.ContactLastName).HasMaxLength(100);
        b.Property(c => c.ContactTitle).HasMaxLength(100);
        b.Property(c => c.ContactEmail).HasMaxLength(254);
        b.Property(c => c.ContactPhone).HasMaxLength(20);
        b.Property(c => c.Status).HasMaxLength(20);
        b.Property(c => c.Subject).HasMaxLength(255);
        b.HasIndex(c => c.Email).IsUnique().HasDatabaseName(Constraints.CustomerEmail);
        b.HasIndex(c => c.Subject).IsUnique();
        // The back office lists customers of a status newest first (/customers?status=eq.live&order=created_at.desc,
        // which the query interface orders by created_at DESC, id): read from this index in order, however many fresh
        // enrollments of other statuses sit at the head of created_at's. (On (status, created_at) alone PostgreSQL still
        // walked created_at's index backwards.)
        b.HasIndex(c => new { c.Status, c.CreatedAt, c.Id }).IsDescending(false, true, false);
        b.HasIndex(c => c.CreatedAt);
    }

    public static class Constraints
    {
        public const string CustomerEmail = "ux_customers_email";
    }
}

internal sealed class CustomerChangeConfiguration : IEntityTypeConfiguration<CustomerChange>
{
    public void Configure(EntityTypeBuilder<CustomerChange> b)
    {
        b.ToTable("customer_changes");
        b.HasKey(c => c.Id);
        b.Property(c => c.Change).HasMaxLength(50);
        b.Property(c => c.Actor).HasMaxLength(255);
        b.HasIndex(c => new { c.CustomerId, c.OccurredAt });
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
