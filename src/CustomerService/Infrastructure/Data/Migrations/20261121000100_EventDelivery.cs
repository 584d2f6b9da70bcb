using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>
/// What event delivery needs: the relay's retry and dead-letter state on each outbox row, and the record that a
/// contract's expiry notice was emitted (so the lifecycle job emits ContractExpiring once). Provider-neutral, as
/// the first migration.
/// </summary>
[DbContext(typeof(CustomerDbContext))]
[Migration("20261121000100_EventDelivery")]
public sealed class EventDelivery : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<int>("attempts", "outbox_events", nullable: false, defaultValue: 0);
        mb.AddColumn<DateTime>("next_attempt_at", "outbox_events", nullable: true);
        mb.AddColumn<string>("last_error", "outbox_events", maxLength: 500, nullable: true);
        mb.AddColumn<DateTime>("parked_at", "outbox_events", nullable: true);
        mb.CreateIndex("IX_outbox_events_parked_at", "outbox_events", "parked_at");

        mb.AddColumn<DateTime>("expiry_notice_sent_at", "contracts", nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("expiry_notice_sent_at", "contracts");
        mb.DropIndex("IX_outbox_events_parked_at", "outbox_events");
        mb.DropColumn("parked_at", "outbox_events");
        mb.DropColumn("last_error", "outbox_events");
        mb.DropColumn("next_attempt_at", "outbox_events");
        mb.DropColumn("attempts", "outbox_events");
    }
}
