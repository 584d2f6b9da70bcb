using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Infrastructure.Outbox;

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> b)
    {
        b.ToTable("outbox_events");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Type).HasMaxLength(100);
        b.Property(e => e.Source).HasMaxLength(200);
        b.Property(e => e.Subject).HasMaxLength(50);
        b.Property(e => e.DataContentType).HasMaxLength(100);
        b.Property(e => e.LastError).HasMaxLength(OutboxEvent.LastErrorMaxLength);
        b.Property(e => e.TraceParent).HasMaxLength(OutboxEvent.TraceParentMaxLength);
        b.HasIndex(e => e.Id).IsUnique();
        b.HasIndex(e => new { e.Subject, e.CustomerSequence }).IsUnique();
        // The feed's order; see EventFeed. (The PostgreSQL default, pg_current_xact_id(), is set in CustomerDbContext.)
        b.HasIndex(e => new { e.TransactionId, e.Sequence });
        b.HasIndex(e => e.DeliveredAt);
        b.HasIndex(e => e.ParkedAt);
    }
}
