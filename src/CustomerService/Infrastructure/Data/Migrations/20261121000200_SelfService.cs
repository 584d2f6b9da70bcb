using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>Self-service: the staff access log, the billing and metering facts balances and usage are computed from, premise nicknames.</summary>
[DbContext(typeof(CustomerDbContext))]
[Migration("20261121000200_SelfService")]
public sealed class SelfService : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.AddColumn<string>("nickname", "premises", maxLength: 100, nullable: true);

        mb.CreateTable("access_log", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            actor_subject = t.Column<string>(maxLength: 255, nullable: false),
            actor_roles = t.Column<string>(maxLength: 100, nullable: false),
            customer_id = t.Column<long>(nullable: false),
            method = t.Column<string>(maxLength: 10, nullable: false),
            resource = t.Column<string>(maxLength: 300, nullable: false),
            occurred_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_access_log", x => x.id);
            t.ForeignKey("FK_access_log_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_access_log_customer_id_occurred_at", "access_log", ["customer_id", "occurred_at"]);

        mb.CreateTable("bills", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            bill_number = t.Column<string>(maxLength: 50, nullable: false),
            account_id = t.Column<long>(nullable: false),
            issue_date = t.Column<DateOnly>(nullable: false),
            due_date = t.Column<DateOnly>(nullable: false),
            amount = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            status = t.Column<string>(maxLength: 10, nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_bills", x => x.id);
            t.ForeignKey("FK_bills_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_bills_bill_number", "bills", "bill_number", unique: true);
        mb.CreateIndex("IX_bills_account_id_status_due_date", "bills", ["account_id", "status", "due_date"]);

        mb.CreateTable("payments", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            reference = t.Column<string>(maxLength: 50, nullable: false),
            account_id = t.Column<long>(nullable: false),
            payment_date = t.Column<DateOnly>(nullable: false),
            amount = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_payments", x => x.id);
            t.ForeignKey("FK_payments_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_payments_reference", "payments", "reference", unique: true);
        mb.CreateIndex("IX_payments_account_id_payment_date", "payments", ["account_id", "payment_date"]);

        mb.CreateTable("meter_reads", t => new
        {
            meter_id = t.Column<long>(nullable: false),
            read_date = t.Column<DateOnly>(nullable: false),
            cumulative_kwh = t.Column<decimal>(precision: 14, scale: 3, nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_meter_reads", x => new { x.meter_id, x.read_date });
            t.ForeignKey("FK_meter_reads_meters_meter_id", x => x.meter_id, "meters", "id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("meter_reads");
        migrationBuilder.DropTable("payments");
        migrationBuilder.DropTable("bills");
        migrationBuilder.DropTable("access_log");
        migrationBuilder.DropColumn("nickname", "premises");
    }
}
