using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>
/// The first schema. Written by hand: no provider-specific column types, so the same operations run on
/// PostgreSQL and SQLite; generated keys carry both providers' identity annotations (each ignores the other's).
/// SchemaMatchesModelTests proves the result equals the EF model on both.
/// </summary>
[DbContext(typeof(CustomerDbContext))]
[Migration("20261121000001_InitialSchema")]
public sealed class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable("territories", t => new
        {
            code = t.Column<string>(maxLength: 32, nullable: false),
            name = t.Column<string>(maxLength: 200, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_territories", x => x.code));

        mb.CreateTable("territory_zip_prefixes", t => new
        {
            prefix = t.Column<string>(maxLength: 3, nullable: false),
            territory_code = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_territory_zip_prefixes", x => x.prefix);
            t.ForeignKey("FK_territory_zip_prefixes_territories_territory_code", x => x.territory_code, "territories", "code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_territory_zip_prefixes_territory_code", "territory_zip_prefixes", "territory_code");

        mb.CreateTable("service_points", t => new
        {
            id = t.Column<long>(nullable: false),
            esi_id = t.Column<string>(maxLength: 36, nullable: false),
            street = t.Column<string>(maxLength: 200, nullable: false),
            unit = t.Column<string>(maxLength: 50, nullable: true),
            city = t.Column<string>(maxLength: 100, nullable: false),
            state = t.Column<string>(maxLength: 2, nullable: false),
            zip = t.Column<string>(maxLength: 5, nullable: false),
            address_key = t.Column<string>(maxLength: 300, nullable: false),
            territory_code = t.Column<string>(maxLength: 32, nullable: false),
            premise_type = t.Column<string>(maxLength: 20, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_service_points", x => x.id);
            t.ForeignKey("FK_service_points_territories_territory_code", x => x.territory_code, "territories", "code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_service_points_esi_id", "service_points", "esi_id", unique: true);
        mb.CreateIndex("IX_service_points_address_key", "service_points", "address_key");
        mb.CreateIndex("IX_service_points_zip", "service_points", "zip");
        mb.CreateIndex("IX_service_points_territory_code", "service_points", "territory_code");

        mb.CreateTable("plans", t => new
        {
            id = t.Column<long>(nullable: false),
            name = t.Column<string>(maxLength: 100, nullable: false),
            description = t.Column<string>(maxLength: 1000, nullable: false),
            rate_per_kwh = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            term_months = t.Column<int>(nullable: false),
            early_termination_fee = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            base_charge = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            renewable_percent = t.Column<int>(nullable: false),
            plan_type = t.Column<string>(maxLength: 20, nullable: false),
            features = t.Column<string>(maxLength: 2000, nullable: false),
            is_active = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_plans", x => x.id));

        mb.CreateTable("plan_territories", t => new
        {
            plan_id = t.Column<long>(nullable: false),
            territory_code = t.Column<string>(maxLength: 32, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_plan_territories", x => new { x.plan_id, x.territory_code });
            t.ForeignKey("FK_plan_territories_plans_plan_id", x => x.plan_id, "plans", "id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_plan_territories_territories_territory_code", x => x.territory_code, "territories", "code", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_plan_territories_territory_code", "plan_territories", "territory_code");

        mb.CreateTable("customers", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            type = t.Column<string>(maxLength: 20, nullable: false),
            first_name = t.Column<string>(maxLength: 100, nullable: true),
            last_name = t.Column<string>(maxLength: 100, nullable: true),
            business_name = t.Column<string>(maxLength: 200, nullable: true),
            business_type = t.Column<string>(maxLength: 30, nullable: true),
            tax_id_protected = t.Column<string>(maxLength: 1000, nullable: true),
            name = t.Column<string>(maxLength: 200, nullable: false),
            email = t.Column<string>(maxLength: 254, nullable: false),
            phone = t.Column<string>(maxLength: 20, nullable: false),
            contact_first_name = t.Column<string>(maxLength: 100, nullable: true),
            contact_last_name = t.Column<string>(maxLength: 100, nullable: true),
            contact_title = t.Column<string>(maxLength: 100, nullable: true),
            contact_email = t.Column<string>(maxLength: 254, nullable: true),
            contact_phone = t.Column<string>(maxLength: 20, nullable: true),
            status = t.Column<string>(maxLength: 20, nullable: false),
            subject = t.Column<string>(maxLength: 255, nullable: true),
            last_event_sequence = t.Column<long>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_customers", x => x.id));
        mb.CreateIndex("ux_customers_email", "customers", "email", unique: true);
        mb.CreateIndex("IX_customers_subject", "customers", "subject", unique: true);
        mb.CreateIndex("IX_customers_status", "customers", "status");
        mb.CreateIndex("IX_customers_created_at", "customers", "created_at");

        mb.CreateTable("customer_changes", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            customer_id = t.Column<long>(nullable: false),
            change = t.Column<string>(maxLength: 50, nullable: false),
            old_values = t.Column<string>(nullable: true),
            new_values = t.Column<string>(nullable: true),
            actor = t.Column<string>(maxLength: 255, nullable: false),
            occurred_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_customer_changes", x => x.id);
            t.ForeignKey("FK_customer_changes_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Cascade);
        });
        mb.CreateIndex("IX_customer_changes_customer_id_occurred_at", "customer_changes", ["customer_id", "occurred_at"]);

        mb.CreateTable("accounts", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            account_number = t.Column<string>(maxLength: 10, nullable: false),
            nickname = t.Column<string>(maxLength: 100, nullable: true),
            type = t.Column<string>(maxLength: 20, nullable: false),
            status = t.Column<string>(maxLength: 20, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_accounts", x => x.id));
        mb.CreateIndex("IX_accounts_account_number", "accounts", "account_number", unique: true);

        mb.CreateTable("customer_accounts", t => new
        {
            customer = t.Column<long>(nullable: false),
            account = t.Column<long>(nullable: false),
            role = t.Column<string>(maxLength: 20, nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_customer_accounts", x => new { x.customer, x.account, x.role });
            t.ForeignKey("FK_customer_accounts_customers_customer", x => x.customer, "customers", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_customer_accounts_accounts_account", x => x.account, "accounts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_customer_accounts_account_role", "customer_accounts", ["account", "role"]);

        mb.CreateTable("premises", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            account_id = t.Column<long>(nullable: false),
            service_point_id = t.Column<long>(nullable: false),
            esi_id = t.Column<string>(maxLength: 36, nullable: true),
            street = t.Column<string>(maxLength: 200, nullable: false),
            unit = t.Column<string>(maxLength: 50, nullable: true),
            city = t.Column<string>(maxLength: 100, nullable: false),
            state = t.Column<string>(maxLength: 2, nullable: false),
            zip = t.Column<string>(maxLength: 5, nullable: false),
            address_key = t.Column<string>(maxLength: 300, nullable: false),
            is_primary = t.Column<bool>(nullable: false),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_premises", x => x.id);
            t.ForeignKey("FK_premises_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_premises_service_points_service_point_id", x => x.service_point_id, "service_points", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_premises_account_id", "premises", "account_id");
        mb.CreateIndex("IX_premises_service_point_id", "premises", "service_point_id");
        mb.CreateIndex("IX_premises_address_key", "premises", "address_key");

        mb.CreateTable("meters", t => new
        {
            id = t.Column<long>(nullable: false),
            meter_number = t.Column<string>(maxLength: 32, nullable: false),
            type = t.Column<string>(maxLength: 20, nullable: false),
            status = t.Column<string>(maxLength: 20, nullable: false),
            service_point_id = t.Column<long>(nullable: false),
            premise_id = t.Column<long>(nullable: true),
            install_date = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_meters", x => x.id);
            t.ForeignKey("FK_meters_service_points_service_point_id", x => x.service_point_id, "service_points", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_meters_premises_premise_id", x => x.premise_id, "premises", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_meters_meter_number", "meters", "meter_number", unique: true);
        mb.CreateIndex("IX_meters_service_point_id", "meters", "service_point_id");
        mb.CreateIndex("IX_meters_premise_id", "meters", "premise_id");

        mb.CreateTable("contracts", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            contract_number = t.Column<string>(maxLength: 20, nullable: false),
            customer_id = t.Column<long>(nullable: false),
            plan_id = t.Column<long>(nullable: false),
            plan_name = t.Column<string>(maxLength: 100, nullable: false),
            plan_type = t.Column<string>(maxLength: 20, nullable: false),
            status = t.Column<string>(maxLength: 20, nullable: false),
            start_date = t.Column<DateOnly>(nullable: false),
            end_date = t.Column<DateOnly>(nullable: false),
            signed_at = t.Column<DateTime>(nullable: false),
            rate_per_kwh = t.Column<decimal>(precision: 9, scale: 4, nullable: false),
            base_charge = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            term_months = t.Column<int>(nullable: false),
            early_termination_fee = t.Column<decimal>(precision: 12, scale: 2, nullable: false),
            renewed_from_contract_id = t.Column<long>(nullable: true),
            cancelled_at = t.Column<DateTime>(nullable: true),
            etf_charged = t.Column<decimal>(precision: 12, scale: 2, nullable: true),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_contracts", x => x.id);
            t.ForeignKey("FK_contracts_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_contracts_plans_plan_id", x => x.plan_id, "plans", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_contracts_contracts_renewed_from_contract_id", x => x.renewed_from_contract_id, "contracts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_contracts_contract_number", "contracts", "contract_number", unique: true);
        mb.CreateIndex("IX_contracts_customer_id", "contracts", "customer_id");
        mb.CreateIndex("IX_contracts_plan_id", "contracts", "plan_id");
        mb.CreateIndex("IX_contracts_renewed_from_contract_id", "contracts", "renewed_from_contract_id");
        mb.CreateIndex("IX_contracts_status_start_date", "contracts", ["status", "start_date"]);
        mb.CreateIndex("IX_contracts_status_end_date", "contracts", ["status", "end_date"]);

        mb.CreateTable("contract_accounts", t => new
        {
            contract_id = t.Column<long>(nullable: false),
            account_id = t.Column<long>(nullable: false),
            added_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_contract_accounts", x => new { x.contract_id, x.account_id });
            t.ForeignKey("FK_contract_accounts_contracts_contract_id", x => x.contract_id, "contracts", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_contract_accounts_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_contract_accounts_account_id", "contract_accounts", "account_id");

        mb.CreateTable("customer_preferences", t => new
        {
            customer_id = t.Column<long>(nullable: false),
            bill_delivery = t.Column<string>(maxLength: 10, nullable: false),
            marketing_opt_in = t.Column<bool>(nullable: false),
            notify_bill_ready = t.Column<bool>(nullable: false),
            notify_payment_due = t.Column<bool>(nullable: false),
            notify_outage_alerts = t.Column<bool>(nullable: false),
            notify_high_usage_alerts = t.Column<bool>(nullable: false),
            auto_pay_enabled = t.Column<bool>(nullable: false),
            auto_pay_payment_method_id = t.Column<string>(maxLength: 100, nullable: true),
            mailing_same_as_primary = t.Column<bool>(nullable: false),
            mailing_street = t.Column<string>(maxLength: 200, nullable: true),
            mailing_unit = t.Column<string>(maxLength: 50, nullable: true),
            mailing_city = t.Column<string>(maxLength: 100, nullable: true),
            mailing_state = t.Column<string>(maxLength: 2, nullable: true),
            mailing_zip = t.Column<string>(maxLength: 10, nullable: true),
            updated_at = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_customer_preferences", x => x.customer_id);
            t.ForeignKey("FK_customer_preferences_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Cascade);
        });

        mb.CreateTable("enrollments", t => new
        {
            id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            confirmation_number = t.Column<string>(maxLength: 30, nullable: false),
            customer_id = t.Column<long>(nullable: false),
            account_id = t.Column<long>(nullable: false),
            premise_id = t.Column<long>(nullable: false),
            contract_id = t.Column<long>(nullable: false),
            customer_type = t.Column<string>(maxLength: 20, nullable: false),
            plan_id = t.Column<long>(nullable: false),
            service_start_date = t.Column<DateOnly>(nullable: false),
            status = t.Column<string>(maxLength: 20, nullable: false),
            submitted_at = t.Column<DateTime>(nullable: false),
            completed_at = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_enrollments", x => x.id);
            t.ForeignKey("FK_enrollments_customers_customer_id", x => x.customer_id, "customers", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_enrollments_accounts_account_id", x => x.account_id, "accounts", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_enrollments_premises_premise_id", x => x.premise_id, "premises", "id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_enrollments_contracts_contract_id", x => x.contract_id, "contracts", "id", onDelete: ReferentialAction.Restrict);
        });
        mb.CreateIndex("IX_enrollments_confirmation_number", "enrollments", "confirmation_number", unique: true);
        mb.CreateIndex("IX_enrollments_customer_id", "enrollments", "customer_id");
        mb.CreateIndex("IX_enrollments_account_id", "enrollments", "account_id");
        mb.CreateIndex("IX_enrollments_premise_id", "enrollments", "premise_id");
        mb.CreateIndex("IX_enrollments_contract_id", "enrollments", "contract_id");

        mb.CreateTable("idempotency_keys", t => new
        {
            key = t.Column<string>(maxLength: 255, nullable: false),
            request_hash = t.Column<string>(maxLength: 64, nullable: false),
            status_code = t.Column<int>(nullable: false),
            response_body = t.Column<string>(nullable: true),
            created_at = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_idempotency_keys", x => x.key));
        mb.CreateIndex("IX_idempotency_keys_created_at", "idempotency_keys", "created_at");

        mb.CreateTable("outbox_events", t => new
        {
            sequence = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            id = t.Column<Guid>(nullable: false),
            type = t.Column<string>(maxLength: 100, nullable: false),
            source = t.Column<string>(maxLength: 200, nullable: false),
            subject = t.Column<string>(maxLength: 50, nullable: false),
            customer_sequence = t.Column<long>(nullable: false),
            time = t.Column<DateTime>(nullable: false),
            data_content_type = t.Column<string>(maxLength: 100, nullable: false),
            data = t.Column<string>(nullable: false),
            delivered_at = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_outbox_events", x => x.sequence));
        mb.CreateIndex("IX_outbox_events_id", "outbox_events", "id", unique: true);
        mb.CreateIndex("IX_outbox_events_subject_customer_sequence", "outbox_events", ["subject", "customer_sequence"], unique: true);
        mb.CreateIndex("IX_outbox_events_delivered_at", "outbox_events", "delivered_at");

        mb.CreateTable("number_sequences", t => new
        {
            name = t.Column<string>(maxLength: 50, nullable: false),
            last_value = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_number_sequences", x => x.name));
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var table in new[]
        {
            "number_sequences", "outbox_events", "idempotency_keys", "enrollments", "customer_preferences",
            "contract_accounts", "contracts", "meters", "premises", "customer_accounts", "accounts",
            "customer_changes", "customers", "plan_territories", "plans", "service_points",
            "territory_zip_prefixes", "territories",
        })
        {
            mb.DropTable(table);
        }
    }
}
