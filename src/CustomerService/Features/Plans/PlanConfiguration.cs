using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.ServicePoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Plans;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.ToTable("plans");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(1000);
        b.Property(p => p.RatePerKwh).HasPrecision(DecimalColumn.PlanRate);
        b.Property(p => p.EarlyTerminationFee).HasPrecision(DecimalColumn.Money);
        b.Property(p => p.BaseCharge).HasPrecision(DecimalColumn.Money);
        b.Property(p => p.PlanType).HasMaxLength(20);
        // Stored as a JSON array in a text column so both providers hold it the same way.
        b.Property(p => p.Features)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList()))
            .HasMaxLength(2000);
    }
}

internal sealed class PlanTerritoryConfiguration : IEntityTypeConfiguration<PlanTerritory>
{
    public void Configure(EntityTypeBuilder<PlanTerritory> b)
    {
        b.ToTable("plan_territories");
        b.HasKey(p => new { p.PlanId, p.TerritoryCode });
        b.Property(p => p.TerritoryCode).HasMaxLength(32);
        b.HasIndex(p => p.TerritoryCode);
        b.HasOne<Plan>().WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(p => p.TerritoryCode).OnDelete(DeleteBehavior.Restrict);
    }
}
