using CustomerService.Features.Accounts;
using CustomerService.Features.ServicePoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Premises;

internal sealed class PremiseConfiguration : IEntityTypeConfiguration<Premise>
{
    public void Configure(EntityTypeBuilder<Premise> b)
    {
        b.ToTable("premises");
        b.HasKey(p => p.Id);
        b.Property(p => p.EsiId).HasMaxLength(36);
        b.Property(p => p.Street).HasMaxLength(200);
        b.Property(p => p.Unit).HasMaxLength(50);
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.State).HasMaxLength(2);
        b.Property(p => p.Zip).HasMaxLength(5);
        b.Property(p => p.AddressKey).HasMaxLength(300);
        b.Property(p => p.Nickname).HasMaxLength(100);
        b.Property(p => p.Status).HasMaxLength(20);
        b.HasIndex(p => p.AccountId);
        b.HasIndex(p => p.ServicePointId);
        b.HasIndex(p => p.AddressKey);
        b.HasIndex(p => p.EscoId);
        b.HasOne<Tariffs.Esco>().WithMany().HasForeignKey(p => p.EscoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(p => p.ServicePointId).OnDelete(DeleteBehavior.Restrict);
    }
}
