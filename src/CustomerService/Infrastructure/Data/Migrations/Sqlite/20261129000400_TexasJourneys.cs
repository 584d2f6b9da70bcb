using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>
    /// Switch or move-in, rescission, switch holds and stopping service. Generated; the two defaults are edited so that
    /// rows existing before it read as what they were: every premise active, every enrollment a switch.
    /// </summary>
    public partial class TexasJourneys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "switch_hold",
                table: "service_points",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "inactive_since",
                table: "premises",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "premises",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "active");

            migrationBuilder.AddColumn<string>(
                name: "enrollment_type",
                table: "enrollments",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "switch");

            migrationBuilder.AddColumn<bool>(
                name: "proof_of_occupancy",
                table: "enrollments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "rescinded_at",
                table: "enrollments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "service_stops",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    premise_id = table.Column<long>(type: "INTEGER", nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    stop_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    forwarding_street = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    forwarding_unit = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    forwarding_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    forwarding_state = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    forwarding_zip = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    move_confirmation_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_stops", x => x.id);
                    table.ForeignKey(
                        name: "FK_service_stops_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_service_stops_premises_premise_id",
                        column: x => x.premise_id,
                        principalTable: "premises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_service_stops_account_id",
                table: "service_stops",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_service_stops_move_confirmation_number",
                table: "service_stops",
                column: "move_confirmation_number");

            migrationBuilder.CreateIndex(
                name: "IX_service_stops_reference",
                table: "service_stops",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_service_stops_status_stop_date",
                table: "service_stops",
                columns: new[] { "status", "stop_date" });

            migrationBuilder.CreateIndex(
                name: "ux_service_stops_scheduled_premise",
                table: "service_stops",
                column: "premise_id",
                unique: true,
                filter: "status = 'scheduled'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "service_stops");

            migrationBuilder.DropColumn(
                name: "switch_hold",
                table: "service_points");

            migrationBuilder.DropColumn(
                name: "inactive_since",
                table: "premises");

            migrationBuilder.DropColumn(
                name: "status",
                table: "premises");

            migrationBuilder.DropColumn(
                name: "enrollment_type",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "proof_of_occupancy",
                table: "enrollments");

            migrationBuilder.DropColumn(
                name: "rescinded_at",
                table: "enrollments");
        }
    }
}
