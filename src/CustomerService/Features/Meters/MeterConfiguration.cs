using CustomerService.Features.Premises;
using CustomerService.Features.ServicePoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Meters;

internal sealed class MeterConfiguration : IEntityTypeConfiguration<Meter>
{
    public void Configure(EntityTypeBuilder<Meter> b)
    {
        b.ToTable("meters");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.MeterNumber).HasMaxLength(32);
        b.Property(m => m.Type).HasMaxLength(20);
        b.Property(m => m.Status).HasMaxLength(20);
        b.HasIndex(m => m.MeterNumber).IsUnique();
        b.HasIndex(m => m.ServicePointId);
        b.HasIndex(m => m.PremiseId);
        b.HasOne<ServicePoint>().WithMany().HasForeignKey(m => m.ServicePointId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Premise>().WithMany().HasForeignKey(m => m.PremiseId).OnDelete(DeleteBehavior.Restrict);
    }
}
