using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LockFreeWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_customers_status",
                table: "customers");

            migrationBuilder.AddColumn<long>(
                name: "transaction_id",
                table: "outbox_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_transaction_id_sequence",
                table: "outbox_events",
                columns: new[] { "transaction_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_status_created_at_id",
                table: "customers",
                columns: new[] { "status", "created_at", "id" },
                descending: new[] { false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_events_transaction_id_sequence",
                table: "outbox_events");

            migrationBuilder.DropIndex(
                name: "IX_customers_status_created_at_id",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "transaction_id",
                table: "outbox_events");

            migrationBuilder.CreateIndex(
                name: "IX_customers_status",
                table: "customers",
                column: "status");
        }
    }
}
