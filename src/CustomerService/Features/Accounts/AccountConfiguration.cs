using CustomerService.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Accounts;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(a => a.Id);
        b.Property(a => a.AccountNumber).HasMaxLength(10);
        b.Property(a => a.Nickname).HasMaxLength(100);
        b.Property(a => a.Type).HasMaxLength(20);
        b.Property(a => a.Status).HasMaxLength(20);
        b.HasIndex(a => a.AccountNumber).IsUnique();
    }
}

internal sealed class AccountPartyConfiguration : IEntityTypeConfiguration<AccountParty>
{
    public void Configure(EntityTypeBuilder<AccountParty> b)
    {
        // Column names follow customer-management.md (customer, account), which the PostgREST surface exposes.
        b.ToTable("customer_accounts");
        b.HasKey(p => new { p.Customer, p.Account, p.Role });
        b.Property(p => p.Role).HasMaxLength(20);
        b.HasIndex(p => new { p.Account, p.Role });
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.Customer).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany(a => a.Parties).HasForeignKey(p => p.Account).OnDelete(DeleteBehavior.Restrict);
    }
}
