using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Contracts;

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("contracts");
        b.HasKey(c => c.Id);
        b.Property(c => c.ContractNumber).HasMaxLength(20);
        b.Property(c => c.PlanName).HasMaxLength(100);
        b.Property(c => c.PlanType).HasMaxLength(20);
        b.Property(c => c.Status).HasMaxLength(20);
        b.Property(c => c.RatePerKwh).HasPrecision(DecimalColumn.PlanRate);
        b.Property(c => c.BaseCharge).HasPrecision(DecimalColumn.Money);
        b.Property(c => c.EarlyTerminationFee).HasPrecision(DecimalColumn.Money);
        b.Property(c => c.EtfCharged).HasPrecision(DecimalColumn.Money);
        b.HasIndex(c => c.ContractNumber).IsUnique();
        b.HasIndex(c => c.CustomerId);
        b.HasIndex(c => new { c.Status, c.StartDate });
        b.HasIndex(c => new { c.Status, c.EndDate });
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Plan>().WithMany().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contract>().WithMany().HasForeignKey(c => c.RenewedFromContractId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContractAccountConfiguration : IEntityTypeConfiguration<ContractAccount>
{
    public void Configure(EntityTypeBuilder<ContractAccount> b)
    {
        b.ToTable("contract_accounts");
        b.HasKey(c => new { c.ContractId, c.AccountId });
        b.HasIndex(c => c.AccountId);
        b.HasOne<Contract>().WithMany().HasForeignKey(c => c.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
