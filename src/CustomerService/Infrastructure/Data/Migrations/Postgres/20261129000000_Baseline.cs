using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CustomerService.Infrastructure.Data.Migrations.Postgres
{
    /// <summary>
    /// The schema as the hand-written migrations of 2026-11-21 left it, generated from the model. A database they
    /// created is adopted as at this migration without a schema change (<see cref="MigrationBaseline"/>);
    /// BaselineAcceptsThePreviousSchemaTests proves the two schemas equal.
    /// </summary>
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_number = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    nickname = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "benchmark_tariffs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_rate = table.Column<decimal>(type: "numeric(12,5)", precision: 12, scale: 5, nullable: false),
                    standing_charge = table.Column<decimal>(type: "numeric(12,5)", precision: 12, scale: 5, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_benchmark_tariffs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    business_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    business_type = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    tax_id_protected = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    contact_first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contact_last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contact_title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    contact_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    last_event_sequence = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "enrollment_drafts",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enrollment_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "escos",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_escos", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "number_sequences",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    last_value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_number_sequences", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "outbox_events",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    subject = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    customer_sequence = table.Column<long>(type: "bigint", nullable: false),
                    time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    data_content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    data = table.Column<string>(type: "text", nullable: false),
                    delivered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    // DEFAULT 0 as the hand-written migrations created it, so a database they made and one made here are the same.
                    attempts = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    parked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_events", x => x.sequence);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    rate_per_kwh = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    early_termination_fee = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    base_charge = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    renewable_percent = table.Column<int>(type: "integer", nullable: false),
                    plan_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    features = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "territories",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_territories", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "bills",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bill_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    issue_date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bills", x => x.id);
                    table.ForeignKey(
                        name: "FK_bills_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    reference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    payment_date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments", x => x.id);
                    table.ForeignKey(
                        name: "FK_payments_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "access_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    actor_subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    actor_roles = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    resource = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_log", x => x.id);
                    table.ForeignKey(
                        name: "FK_access_log_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_accounts",
                columns: table => new
                {
                    customer = table.Column<long>(type: "bigint", nullable: false),
                    account = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_accounts", x => new { x.customer, x.account, x.role });
                    table.ForeignKey(
                        name: "FK_customer_accounts_accounts_account",
                        column: x => x.account,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_customer_accounts_customers_customer",
                        column: x => x.customer,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "customer_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    change = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    old_values = table.Column<string>(type: "text", nullable: true),
                    new_values = table.Column<string>(type: "text", nullable: true),
                    actor = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_customer_changes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_invites",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    accepted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    accepted_by_subject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_invites", x => x.id);
                    table.ForeignKey(
                        name: "FK_customer_invites_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_preferences",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    bill_delivery = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    marketing_opt_in = table.Column<bool>(type: "boolean", nullable: false),
                    notify_bill_ready = table.Column<bool>(type: "boolean", nullable: false),
                    notify_payment_due = table.Column<bool>(type: "boolean", nullable: false),
                    notify_outage_alerts = table.Column<bool>(type: "boolean", nullable: false),
                    notify_high_usage_alerts = table.Column<bool>(type: "boolean", nullable: false),
                    auto_pay_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    auto_pay_payment_method_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mailing_same_as_primary = table.Column<bool>(type: "boolean", nullable: false),
                    mailing_street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    mailing_unit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    mailing_city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mailing_state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    mailing_zip = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_preferences", x => x.customer_id);
                    table.ForeignKey(
                        name: "FK_customer_preferences_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_tariffs",
                columns: table => new
                {
                    customer = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    discount_rate_basis_points = table.Column<int>(type: "integer", nullable: false),
                    computed_unit_rate = table.Column<decimal>(type: "numeric(12,5)", precision: 12, scale: 5, nullable: false),
                    computed_standing_charge = table.Column<decimal>(type: "numeric(12,5)", precision: 12, scale: 5, nullable: false),
                    benchmark_tariff_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_tariffs", x => new { x.customer, x.period_start });
                    table.CheckConstraint("ck_customer_tariffs_discount", "discount_rate_basis_points BETWEEN 0 AND 10000");
                    table.ForeignKey(
                        name: "FK_customer_tariffs_benchmark_tariffs_benchmark_tariff_id",
                        column: x => x.benchmark_tariff_id,
                        principalTable: "benchmark_tariffs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_customer_tariffs_customers_customer",
                        column: x => x.customer,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "microgrid_tariffs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    esco_id = table.Column<long>(type: "bigint", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    default_discount_basis_points = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_microgrid_tariffs", x => x.id);
                    table.CheckConstraint("ck_microgrid_tariffs_discount", "default_discount_basis_points BETWEEN 0 AND 10000");
                    table.ForeignKey(
                        name: "FK_microgrid_tariffs_escos_esco_id",
                        column: x => x.esco_id,
                        principalTable: "escos",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contracts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    contract_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    plan_id = table.Column<long>(type: "bigint", nullable: false),
                    plan_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    plan_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    signed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    rate_per_kwh = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: false),
                    base_charge = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    early_termination_fee = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    renewed_from_contract_id = table.Column<long>(type: "bigint", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    etf_charged = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expiry_notice_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contracts", x => x.id);
                    table.ForeignKey(
                        name: "FK_contracts_contracts_renewed_from_contract_id",
                        column: x => x.renewed_from_contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_contracts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_contracts_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_territories",
                columns: table => new
                {
                    plan_id = table.Column<long>(type: "bigint", nullable: false),
                    territory_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_territories", x => new { x.plan_id, x.territory_code });
                    table.ForeignKey(
                        name: "FK_plan_territories_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_plan_territories_territories_territory_code",
                        column: x => x.territory_code,
                        principalTable: "territories",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_points",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    esi_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    zip = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    address_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    territory_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    premise_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_points", x => x.id);
                    table.ForeignKey(
                        name: "FK_service_points_territories_territory_code",
                        column: x => x.territory_code,
                        principalTable: "territories",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "territory_zip_prefixes",
                columns: table => new
                {
                    prefix = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    territory_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_territory_zip_prefixes", x => x.prefix);
                    table.ForeignKey(
                        name: "FK_territory_zip_prefixes_territories_territory_code",
                        column: x => x.territory_code,
                        principalTable: "territories",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contract_accounts",
                columns: table => new
                {
                    contract_id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    added_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_accounts", x => new { x.contract_id, x.account_id });
                    table.ForeignKey(
                        name: "FK_contract_accounts_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_contract_accounts_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "premises",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    service_point_id = table.Column<long>(type: "bigint", nullable: false),
                    esi_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    zip = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    address_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    is_primary = table.Column<bool>(type: "boolean", nullable: false),
                    esco_id = table.Column<long>(type: "bigint", nullable: true),
                    nickname = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_premises", x => x.id);
                    table.ForeignKey(
                        name: "FK_premises_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_premises_escos_esco_id",
                        column: x => x.esco_id,
                        principalTable: "escos",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_premises_service_points_service_point_id",
                        column: x => x.service_point_id,
                        principalTable: "service_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "enrollments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    confirmation_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: false),
                    premise_id = table.Column<long>(type: "bigint", nullable: false),
                    contract_id = table.Column<long>(type: "bigint", nullable: false),
                    customer_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    plan_id = table.Column<long>(type: "bigint", nullable: false),
                    service_start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    submitted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_enrollments", x => x.id);
                    table.ForeignKey(
                        name: "FK_enrollments_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_enrollments_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_enrollments_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_enrollments_premises_premise_id",
                        column: x => x.premise_id,
                        principalTable: "premises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "meters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    meter_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    service_point_id = table.Column<long>(type: "bigint", nullable: false),
                    premise_id = table.Column<long>(type: "bigint", nullable: true),
                    install_date = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meters", x => x.id);
                    table.ForeignKey(
                        name: "FK_meters_premises_premise_id",
                        column: x => x.premise_id,
                        principalTable: "premises",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_meters_service_points_service_point_id",
                        column: x => x.service_point_id,
                        principalTable: "service_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "meter_reads",
                columns: table => new
                {
                    meter_id = table.Column<long>(type: "bigint", nullable: false),
                    read_date = table.Column<DateOnly>(type: "date", nullable: false),
                    cumulative_kwh = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meter_reads", x => new { x.meter_id, x.read_date });
                    table.ForeignKey(
                        name: "FK_meter_reads_meters_meter_id",
                        column: x => x.meter_id,
                        principalTable: "meters",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_log_customer_id_occurred_at",
                table: "access_log",
                columns: new[] { "customer_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_account_number",
                table: "accounts",
                column: "account_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_benchmark_tariffs_period_start",
                table: "benchmark_tariffs",
                column: "period_start",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bills_account_id_status_due_date",
                table: "bills",
                columns: new[] { "account_id", "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "IX_bills_bill_number",
                table: "bills",
                column: "bill_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contract_accounts_account_id",
                table: "contract_accounts",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_contract_number",
                table: "contracts",
                column: "contract_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contracts_customer_id",
                table: "contracts",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_plan_id",
                table: "contracts",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_renewed_from_contract_id",
                table: "contracts",
                column: "renewed_from_contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_status_end_date",
                table: "contracts",
                columns: new[] { "status", "end_date" });

            migrationBuilder.CreateIndex(
                name: "IX_contracts_status_start_date",
                table: "contracts",
                columns: new[] { "status", "start_date" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_accounts_account_role",
                table: "customer_accounts",
                columns: new[] { "account", "role" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_changes_customer_id_occurred_at",
                table: "customer_changes",
                columns: new[] { "customer_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_invites_customer_id",
                table: "customer_invites",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_customer_invites_token_hash",
                table: "customer_invites",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_tariffs_benchmark_tariff_id",
                table: "customer_tariffs",
                column: "benchmark_tariff_id");

            migrationBuilder.CreateIndex(
                name: "IX_customers_created_at",
                table: "customers",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_customers_status",
                table: "customers",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_customers_subject",
                table: "customers",
                column: "subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_customers_email",
                table: "customers",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_enrollment_drafts_expires_at",
                table: "enrollment_drafts",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_account_id",
                table: "enrollments",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_confirmation_number",
                table: "enrollments",
                column: "confirmation_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_contract_id",
                table: "enrollments",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_customer_id",
                table: "enrollments",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_enrollments_premise_id",
                table: "enrollments",
                column: "premise_id");

            migrationBuilder.CreateIndex(
                name: "IX_escos_code",
                table: "escos",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_meters_meter_number",
                table: "meters",
                column: "meter_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_meters_premise_id",
                table: "meters",
                column: "premise_id");

            migrationBuilder.CreateIndex(
                name: "IX_meters_service_point_id",
                table: "meters",
                column: "service_point_id");

            migrationBuilder.CreateIndex(
                name: "IX_microgrid_tariffs_esco_id_period_start",
                table: "microgrid_tariffs",
                columns: new[] { "esco_id", "period_start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_delivered_at",
                table: "outbox_events",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_id",
                table: "outbox_events",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_parked_at",
                table: "outbox_events",
                column: "parked_at");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_events_subject_customer_sequence",
                table: "outbox_events",
                columns: new[] { "subject", "customer_sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_account_id_payment_date",
                table: "payments",
                columns: new[] { "account_id", "payment_date" });

            migrationBuilder.CreateIndex(
                name: "IX_payments_reference",
                table: "payments",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_territories_territory_code",
                table: "plan_territories",
                column: "territory_code");

            migrationBuilder.CreateIndex(
                name: "IX_premises_account_id",
                table: "premises",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_premises_address_key",
                table: "premises",
                column: "address_key");

            migrationBuilder.CreateIndex(
                name: "IX_premises_esco_id",
                table: "premises",
                column: "esco_id");

            migrationBuilder.CreateIndex(
                name: "IX_premises_service_point_id",
                table: "premises",
                column: "service_point_id");

            migrationBuilder.CreateIndex(
                name: "IX_service_points_address_key",
                table: "service_points",
                column: "address_key");

            migrationBuilder.CreateIndex(
                name: "IX_service_points_esi_id",
                table: "service_points",
                column: "esi_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_service_points_territory_code",
                table: "service_points",
                column: "territory_code");

            migrationBuilder.CreateIndex(
                name: "IX_service_points_zip",
                table: "service_points",
                column: "zip");

            migrationBuilder.CreateIndex(
                name: "IX_territory_zip_prefixes_territory_code",
                table: "territory_zip_prefixes",
                column: "territory_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_log");

            migrationBuilder.DropTable(
                name: "bills");

            migrationBuilder.DropTable(
                name: "contract_accounts");

            migrationBuilder.DropTable(
                name: "customer_accounts");

            migrationBuilder.DropTable(
                name: "customer_changes");

            migrationBuilder.DropTable(
                name: "customer_invites");

            migrationBuilder.DropTable(
                name: "customer_preferences");

            migrationBuilder.DropTable(
                name: "customer_tariffs");

            migrationBuilder.DropTable(
                name: "enrollment_drafts");

            migrationBuilder.DropTable(
                name: "enrollments");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "meter_reads");

            migrationBuilder.DropTable(
                name: "microgrid_tariffs");

            migrationBuilder.DropTable(
                name: "number_sequences");

            migrationBuilder.DropTable(
                name: "outbox_events");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "plan_territories");

            migrationBuilder.DropTable(
                name: "territory_zip_prefixes");

            migrationBuilder.DropTable(
                name: "benchmark_tariffs");

            migrationBuilder.DropTable(
                name: "contracts");

            migrationBuilder.DropTable(
                name: "meters");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropTable(
                name: "premises");

            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropTable(
                name: "escos");

            migrationBuilder.DropTable(
                name: "service_points");

            migrationBuilder.DropTable(
                name: "territories");
        }
    }
}
