using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>
    /// The model's premise → ESCO foreign key, which the hand-written migrations could not add to an existing SQLite
    /// table. EF rebuilds <c>premises</c> to add it (SQLite has no ALTER TABLE … ADD CONSTRAINT). Written into the
    /// migration EF generated empty: the snapshot had the key all along (PostgreSQL databases have it already).
    /// </summary>
    public partial class PremisesEscoForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_premises_escos_esco_id",
                table: "premises",
                column: "esco_id",
                principalTable: "escos",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(name: "FK_premises_escos_esco_id", table: "premises");
        }
    }
}
