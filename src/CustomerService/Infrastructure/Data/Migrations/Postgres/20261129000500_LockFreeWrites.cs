using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Postgres
{
    /// <summary>
    /// Writes without a global lock: the outbox rows carry their transaction's id (the feed's order, see EventFeed),
    /// and numbers come from PostgreSQL sequences (hand-written below: next_number). Also the back office's
    /// (status, created_at DESC, id) index on customers.
    /// </summary>
    public partial class LockFreeWrites : Migration
    {
        /// <summary>
        /// A counter's next value from its own sequence, created on the counter's first use. A counter the previous
        /// release kept in number_sequences continues 1000 past its last value there: instances of that release may
        /// still hand out numbers from the table while a rolling upgrade replaces them.
        /// </summary>
        internal const string NextNumberFunction = """
            CREATE FUNCTION next_number(counter text, first_value bigint) RETURNS bigint
            LANGUAGE plpgsql AS $$
            DECLARE
                sequence_name text := 'number_' || counter;
                start_value bigint;
            BEGIN
                IF to_regclass(quote_ident(sequence_name)) IS NULL THEN
                    SELECT COALESCE((SELECT last_value + 1001 FROM number_sequences WHERE name = counter), first_value) INTO start_value;
                    BEGIN
                        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint MINVALUE 0 START WITH %s', sequence_name, start_value);
                    EXCEPTION WHEN unique_violation OR duplicate_table THEN
                        NULL; -- created by a concurrent first use
                    END;
                END IF;
                RETURN nextval(quote_ident(sequence_name)::regclass);
            END
            $$
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(NextNumberFunction);

            migrationBuilder.DropIndex(
                name: "IX_customers_status",
                table: "customers");

            migrationBuilder.AddColumn<long>(
                name: "transaction_id",
                table: "outbox_events",
                type: "bigint",
                nullable: false,
                defaultValueSql: "(pg_current_xact_id()::text)::bigint");

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
            migrationBuilder.Sql("DROP FUNCTION next_number(text, bigint)");

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
