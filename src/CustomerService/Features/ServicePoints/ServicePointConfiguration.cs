using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.ServicePoints;

internal sealed class TerritoryConfiguration : IEntityTypeConfiguration<Territory>
{
    public void Configure(EntityTypeBuilder<Territory> b)
    {
        b.ToTable("territories");
        b.HasKey(t => t.Code);
        b.Property(t => t.Code).HasMaxLength(32);
        b.Property(t => t.Name).HasMaxLength(200);
    }
}

internal sealed class TerritoryZipPrefixConfiguration : IEntityTypeConfiguration<TerritoryZipPrefix>
{
    public void Configure(EntityTypeBuilder<TerritoryZipPrefix> b)
    {
        b.ToTable("territory_zip_prefixes");
        b.HasKey(z => z.Prefix);
        b.Property(z => z.Prefix).HasMaxLength(3);
        b.Property(z => z.TerritoryCode).HasMaxLength(32);
        b.HasOne<Territory>().WithMany().HasForeignKey(z => z.TerritoryCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServicePointConfiguration : IEntityTypeConfiguration<ServicePoint>
{
    public void Configure(EntityTypeBuilder<ServicePoint> b)
    {
        b.ToTable("service_points");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.EsiId).HasMaxLength(36);
        b.Property(s => s.Street).HasMaxLength(200);
        b.Property(s => s.Unit).HasMaxLength(50);
        b.Property(s => s.City).HasMaxLength(100);
        b.Property(s => s.State).HasMaxLength(2);
        b.Property(s => s.Zip).HasMaxLength(5);
        b.Property(s => s.AddressKey).HasMaxLength(300);
        b.Property(s => s.TerritoryCode).HasMaxLength(32);
        b.Property(s => s.PremiseType).HasMaxLength(20);
        b.HasIndex(s => s.EsiId).IsUnique();
        b.HasIndex(s => s.AddressKey);
        b.HasIndex(s => s.Zip);
        b.HasOne<Territory>().WithMany().HasForeignKey(s => s.TerritoryCode).OnDelete(DeleteBehavior.Restrict);
    }
}
