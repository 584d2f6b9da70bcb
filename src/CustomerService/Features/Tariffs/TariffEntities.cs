using CustomerService.Common;
using CustomerService.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Tariffs;

/// <summary>An energy service company: an energy community or microgrid whose premises get discounted tariffs.</summary>
public sealed class Esco
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>The industry benchmark tariff from a period start: unit rate per kWh and daily standing charge.</summary>
public sealed class BenchmarkTariff
{
    public long Id { get; init; }
    public DateOnly PeriodStart { get; init; }
    public decimal UnitRate { get; set; }
    public decimal StandingCharge { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>An ESCO's community-level tariff from a period start: the default discount its members get.</summary>
public sealed class MicrogridTariff
{
    public long Id { get; init; }
    public long EscoId { get; init; }
    public DateOnly PeriodStart { get; init; }
    public int DefaultDiscountBasisPoints { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// A customer's tariff from a period start: benchmark × (1 − discount / 10000), truncated to 5 decimal places.
/// A step function: the one in force on day D is the row with the greatest period_start ≤ D.
/// Column names follow customer-management.md (customer, period_start, discount_rate_basis_points, …).
/// </summary>
public sealed class CustomerTariff
{
    public long Customer { get; init; }
    public DateOnly PeriodStart { get; init; }
    public int DiscountRateBasisPoints { get; set; }
    public decimal ComputedUnitRate { get; set; }
    public decimal ComputedStandingCharge { get; set; }
    public long? BenchmarkTariffId { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class EscoConfiguration : IEntityTypeConfiguration<Esco>
{
    public void Configure(EntityTypeBuilder<Esco> b)
    {
        b.ToTable("escos");
        b.HasKey(e => e.Id);
        b.Property(e => e.Code).HasMaxLength(32);
        b.Property(e => e.Name).HasMaxLength(200);
        b.HasIndex(e => e.Code).IsUnique();
    }
}

internal sealed class BenchmarkTariffConfiguration : IEntityTypeConfiguration<BenchmarkTariff>
{
    public void Configure(EntityTypeBuilder<BenchmarkTariff> b)
    {
        b.ToTable("benchmark_tariffs");
        b.HasKey(t => t.Id);
        b.Property(t => t.UnitRate).HasPrecision(DecimalColumn.TariffRate);
        b.Property(t => t.StandingCharge).HasPrecision(DecimalColumn.TariffRate);
        b.HasIndex(t => t.PeriodStart).IsUnique();
    }
}

internal sealed class MicrogridTariffConfiguration : IEntityTypeConfiguration<MicrogridTariff>
{
    public void Configure(EntityTypeBuilder<MicrogridTariff> b)
    {
        b.ToTable("microgrid_tariffs");
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.EscoId, t.PeriodStart }).IsUnique();
        b.HasOne<Esco>().WithMany().HasForeignKey(t => t.EscoId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_microgrid_tariffs_discount", "default_discount_basis_points BETWEEN 0 AND 10000"));
    }
}

internal sealed class CustomerTariffConfiguration : IEntityTypeConfiguration<CustomerTariff>
{
    public void Configure(EntityTypeBuilder<CustomerTariff> b)
    {
        b.ToTable("customer_tariffs", t => t.HasCheckConstraint("ck_customer_tariffs_discount", "discount_rate_basis_points BETWEEN 0 AND 10000"));
        // Two rows for one customer and one period start cannot exist.
        b.HasKey(t => new { t.Customer, t.PeriodStart });
        b.Property(t => t.ComputedUnitRate).HasPrecision(DecimalColumn.TariffRate);
        b.Property(t => t.ComputedStandingCharge).HasPrecision(DecimalColumn.TariffRate);
        b.HasIndex(t => t.BenchmarkTariffId);
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.Customer).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<BenchmarkTariff>().WithMany().HasForeignKey(t => t.BenchmarkTariffId).OnDelete(DeleteBehavior.Restrict);
    }
}
