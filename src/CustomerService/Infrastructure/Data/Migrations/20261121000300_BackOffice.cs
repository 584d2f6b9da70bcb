using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>Back office: portal invites, ESCOs and their premises, benchmark, microgrid and customer tariffs.</summary>
[DbContext(typeof(CustomerDbContext))]
[Migration("20261121000300_BackOffice")]
public sealed class BackOffice : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var mb = migrationBuilder;
        mb.CreateTable("customer_invites", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            customer_id = t.Column<long>(nullable: false),
            token_hash = t.Column<string>(maxLength: 64, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
            created_by = t.Column<string>(maxLength: 255, nullable: false),
            accepted_at = t.Column<DateTime>(nullable: true),
            accepted_by_subject = t.Column<string>(maxLength: 255, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_customer_invites", x => x.id);
            t.ForeignKey("FK_customer_invites_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_customer_invites_token_hash", "customer_invites", "token_hash", unique: true);
        mb.CreateIndex("IX_customer_invites_customer_id", "customer_invites", "customer_id");

        mb.CreateTable("escos", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            code = t.Column<string>(maxLength: 32, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_escos", x => x.id));
        mb.CreateIndex("IX_escos_code", "escos", "code", unique: true);

        // SQLite cannot add a foreign key to an existing table; the model's relationship is enforced on PostgreSQL
        // and by the application on both (premises are assigned to an ESCO only through the back office, which checks it exists).
        mb.AddColumn<long>("esco_id", "premises", nullable: true);
        mb.CreateIndex("IX_premises_esco_id", "premises", "esco_id");
        if (ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            mb.AddForeignKey("FK_premises_escos_esco_id", "premises", "esco_id", "escos", principalColumn: "id", onDelete: ReferentialAction.Restrict);

        mb.CreateTable("benchmark_tariffs", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            period_start = t.Column<DateOnly>(nullable: false),
            unit_rate = t.Column<decimal>(precision: 12, scale: 5, nullable: false),
            standing_charge = t.Column<decimal>(precision: 12, scale: 5, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_benchmark_tariffs", x => x.id));
        mb.CreateIndex("IX_benchmark_tariffs_period_start", "benchmark_tariffs", "period_start", unique: true);

        mb.CreateTable("microgrid_tariffs", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            esco_id = t.Column<long>(nullable: false),
            period_start = t.Column<DateOnly>(nullable: false),
            default_discount_basis_points = t.Column<int>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_microgrid_tariffs", x => x.id);
            t.ForeignKey("FK_microgrid_tariffs_escos_esco_id", x => x.esco_id, "escos", "id", onDelete: ReferentialAction.Cascade);
            t.CheckConstraint("ck_microgrid_tariffs_discount", "default_discount_basis_points BETWEEN 0 AND 10000");
        });
        mb.CreateIndex("IX_microgrid_tariffs_esco_id_period_start", "microgrid_tariffs", ["esco_id", "period_start"], unique: true);

        mb.CreateTable("customer_tariffs", t => new
        {
            customer = t.Column<long>(nullable: false),
            period_start = t.Column<DateOnly>(nullable: false),
            discount_rate_basis_points = t.Column<int>(nullable: false),
            computed_unit_rate = t.Column<decimal>(precision: 12, scale: 5, nullable: false),
            computed_standing_charge = t.Column<decimal>(precision: 12, scale: 5, nullable: false),
            benchmark_tariff_id = t.Column<long>(nullable: true),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_customer_tariffs", x => new { x.customer, x.period_start });
            t.ForeignKey("FK_customer_tariffs_customers_customer", x => x.customer, "customers", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_customer_tariffs_benchmark_tariffs_benchmark_tariff_id", x => x.benchmark_tariff_id, "benchmark_tariffs", "id", onDelete: ReferentialAction.Restrict);
            t.CheckConstraint("ck_customer_tariffs_discount", "discount_rate_basis_points BETWEEN 0 AND 10000");
        });
        mb.CreateIndex("IX_customer_tariffs_benchmark_tariff_id", "customer_tariffs", "benchmark_tariff_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("customer_tariffs");
        migrationBuilder.DropTable("microgrid_tariffs");
        migrationBuilder.DropTable("benchmark_tariffs");
        migrationBuilder.DropIndex("IX_premises_esco_id", "premises");
        migrationBuilder.DropColumn("esco_id", "premises");
        migrationBuilder.DropTable("escos");
        migrationBuilder.DropTable("customer_invites");
    }
}
