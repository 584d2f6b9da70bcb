using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TexasJourneys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "switch_hold",
                table: "service_points",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "enrollment_type",
                table: "enrollments",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "switch");

            migrationBuilder.AddColumn<bool>(
                name: "proof_of_occupancy",
                table: "enrollments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "rescinded_at",
                table: "enrollments",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "switch_hold",
                table: "service_points");

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
