using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>Portal: the answers of unfinished Start service journeys.</summary>
[DbContext(typeof(CustomerDbContext))]
[Migration("20261121000400_Portal")]
public sealed class Portal : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("enrollment_drafts", t => new
        {
            id = t.Column<string>(maxLength: 64, nullable: false),
            payload = t.Column<string>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
            expires_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_enrollment_drafts", x => x.id));
        migrationBuilder.CreateIndex("IX_enrollment_drafts_expires_at", "enrollment_drafts", "expires_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("enrollment_drafts");
}
