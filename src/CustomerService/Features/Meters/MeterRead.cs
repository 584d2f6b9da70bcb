using CustomerService.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Meters;

/// <summary>A register read reported by metering: the meter's cumulative kWh on a date. Usage is the difference between reads.</summary>
public sealed class MeterRead
{
    public long MeterId { get; init; }
    public DateOnly ReadDate { get; init; }
    public decimal CumulativeKwh { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class MeterReadConfiguration : IEntityTypeConfiguration<MeterRead>
{
    public void Configure(EntityTypeBuilder<MeterRead> b)
    {
        b.ToTable("meter_reads");
        b.HasKey(x => new { x.MeterId, x.ReadDate });
        b.Property(x => x.CumulativeKwh).HasPrecision(DecimalColumn.Kwh);
        b.HasOne<Meter>().WithMany().HasForeignKey(x => x.MeterId).OnDelete(DeleteBehavior.Cascade);
    }
}
