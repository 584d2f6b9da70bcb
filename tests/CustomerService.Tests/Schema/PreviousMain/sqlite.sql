-- The schema of main at b0f2b51 (2026-11-28), the last made by the hand-written migrations:
-- `dotnet ef migrations script` of those migrations on sqlite. Upgrade tests start from it; never edit it.
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "territories" (
    "code" TEXT NOT NULL CONSTRAINT "PK_territories" PRIMARY KEY,
    "name" TEXT NOT NULL
);

CREATE TABLE "territory_zip_prefixes" (
    "prefix" TEXT NOT NULL CONSTRAINT "PK_territory_zip_prefixes" PRIMARY KEY,
    "territory_code" TEXT NOT NULL,
    CONSTRAINT "FK_territory_zip_prefixes_territories_territory_code" FOREIGN KEY ("territory_code") REFERENCES "territories" ("code") ON DELETE RESTRICT
);

CREATE INDEX "IX_territory_zip_prefixes_territory_code" ON "territory_zip_prefixes" ("territory_code");

CREATE TABLE "service_points" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_service_points" PRIMARY KEY,
    "esi_id" TEXT NOT NULL,
    "street" TEXT NOT NULL,
    "unit" TEXT NULL,
    "city" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "zip" TEXT NOT NULL,
    "address_key" TEXT NOT NULL,
    "territory_code" TEXT NOT NULL,
    "premise_type" TEXT NOT NULL,
    CONSTRAINT "FK_service_points_territories_territory_code" FOREIGN KEY ("territory_code") REFERENCES "territories" ("code") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_service_points_esi_id" ON "service_points" ("esi_id");

CREATE INDEX "IX_service_points_address_key" ON "service_points" ("address_key");

CREATE INDEX "IX_service_points_zip" ON "service_points" ("zip");

CREATE INDEX "IX_service_points_territory_code" ON "service_points" ("territory_code");

CREATE TABLE "plans" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_plans" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "rate_per_kwh" TEXT NOT NULL,
    "term_months" INTEGER NOT NULL,
    "early_termination_fee" TEXT NOT NULL,
    "base_charge" TEXT NOT NULL,
    "renewable_percent" INTEGER NOT NULL,
    "plan_type" TEXT NOT NULL,
    "features" TEXT NOT NULL,
    "is_active" INTEGER NOT NULL
);

CREATE TABLE "plan_territories" (
    "plan_id" INTEGER NOT NULL,
    "territory_code" TEXT NOT NULL,
    CONSTRAINT "PK_plan_territories" PRIMARY KEY ("plan_id", "territory_code"),
    CONSTRAINT "FK_plan_territories_plans_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_plan_territories_territories_territory_code" FOREIGN KEY ("territory_code") REFERENCES "territories" ("code") ON DELETE RESTRICT
);

CREATE INDEX "IX_plan_territories_territory_code" ON "plan_territories" ("territory_code");

CREATE TABLE "customers" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_customers" PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "first_name" TEXT NULL,
    "last_name" TEXT NULL,
    "business_name" TEXT NULL,
    "business_type" TEXT NULL,
    "tax_id_protected" TEXT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "contact_first_name" TEXT NULL,
    "contact_last_name" TEXT NULL,
    "contact_title" TEXT NULL,
    "contact_email" TEXT NULL,
    "contact_phone" TEXT NULL,
    "status" TEXT NOT NULL,
    "subject" TEXT NULL,
    "last_event_sequence" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "ux_customers_email" ON "customers" ("email");

CREATE UNIQUE INDEX "IX_customers_subject" ON "customers" ("subject");

CREATE INDEX "IX_customers_status" ON "customers" ("status");

CREATE INDEX "IX_customers_created_at" ON "customers" ("created_at");

CREATE TABLE "customer_changes" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_customer_changes" PRIMARY KEY AUTOINCREMENT,
    "customer_id" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "old_values" TEXT NULL,
    "new_values" TEXT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" TEXT NOT NULL,
    CONSTRAINT "FK_customer_changes_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_customer_changes_customer_id_occurred_at" ON "customer_changes" ("customer_id", "occurred_at");

CREATE TABLE "accounts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_accounts" PRIMARY KEY AUTOINCREMENT,
    "account_number" TEXT NOT NULL,
    "nickname" TEXT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_accounts_account_number" ON "accounts" ("account_number");

CREATE TABLE "customer_accounts" (
    "customer" INTEGER NOT NULL,
    "account" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "PK_customer_accounts" PRIMARY KEY ("customer", "account", "role"),
    CONSTRAINT "FK_customer_accounts_customers_customer" FOREIGN KEY ("customer") REFERENCES "customers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_customer_accounts_accounts_account" FOREIGN KEY ("account") REFERENCES "accounts" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_customer_accounts_account_role" ON "customer_accounts" ("account", "role");

CREATE TABLE "premises" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_premises" PRIMARY KEY AUTOINCREMENT,
    "account_id" INTEGER NOT NULL,
    "service_point_id" INTEGER NOT NULL,
    "esi_id" TEXT NULL,
    "street" TEXT NOT NULL,
    "unit" TEXT NULL,
    "city" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "zip" TEXT NOT NULL,
    "address_key" TEXT NOT NULL,
    "is_primary" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "FK_premises_accounts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_premises_service_points_service_point_id" FOREIGN KEY ("service_point_id") REFERENCES "service_points" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_premises_account_id" ON "premises" ("account_id");

CREATE INDEX "IX_premises_service_point_id" ON "premises" ("service_point_id");

CREATE INDEX "IX_premises_address_key" ON "premises" ("address_key");

CREATE TABLE "meters" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_meters" PRIMARY KEY,
    "meter_number" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "service_point_id" INTEGER NOT NULL,
    "premise_id" INTEGER NULL,
    "install_date" TEXT NULL,
    CONSTRAINT "FK_meters_service_points_service_point_id" FOREIGN KEY ("service_point_id") REFERENCES "service_points" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_meters_premises_premise_id" FOREIGN KEY ("premise_id") REFERENCES "premises" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_meters_meter_number" ON "meters" ("meter_number");

CREATE INDEX "IX_meters_service_point_id" ON "meters" ("service_point_id");

CREATE INDEX "IX_meters_premise_id" ON "meters" ("premise_id");

CREATE TABLE "contracts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_contracts" PRIMARY KEY AUTOINCREMENT,
    "contract_number" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "plan_name" TEXT NOT NULL,
    "plan_type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "start_date" TEXT NOT NULL,
    "end_date" TEXT NOT NULL,
    "signed_at" TEXT NOT NULL,
    "rate_per_kwh" TEXT NOT NULL,
    "base_charge" TEXT NOT NULL,
    "term_months" INTEGER NOT NULL,
    "early_termination_fee" TEXT NOT NULL,
    "renewed_from_contract_id" INTEGER NULL,
    "cancelled_at" TEXT NULL,
    "etf_charged" TEXT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_contracts_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_contracts_plans_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_contracts_contracts_renewed_from_contract_id" FOREIGN KEY ("renewed_from_contract_id") REFERENCES "contracts" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_contracts_contract_number" ON "contracts" ("contract_number");

CREATE INDEX "IX_contracts_customer_id" ON "contracts" ("customer_id");

CREATE INDEX "IX_contracts_plan_id" ON "contracts" ("plan_id");

CREATE INDEX "IX_contracts_renewed_from_contract_id" ON "contracts" ("renewed_from_contract_id");

CREATE INDEX "IX_contracts_status_start_date" ON "contracts" ("status", "start_date");

CREATE INDEX "IX_contracts_status_end_date" ON "contracts" ("status", "end_date");

CREATE TABLE "contract_accounts" (
    "contract_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "added_at" TEXT NOT NULL,
    CONSTRAINT "PK_contract_accounts" PRIMARY KEY ("contract_id", "account_id"),
    CONSTRAINT "FK_contract_accounts_contracts_contract_id" FOREIGN KEY ("contract_id") REFERENCES "contracts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_contract_accounts_accounts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_contract_accounts_account_id" ON "contract_accounts" ("account_id");

CREATE TABLE "customer_preferences" (
    "customer_id" INTEGER NOT NULL CONSTRAINT "PK_customer_preferences" PRIMARY KEY,
    "bill_delivery" TEXT NOT NULL,
    "marketing_opt_in" INTEGER NOT NULL,
    "notify_bill_ready" INTEGER NOT NULL,
    "notify_payment_due" INTEGER NOT NULL,
    "notify_outage_alerts" INTEGER NOT NULL,
    "notify_high_usage_alerts" INTEGER NOT NULL,
    "auto_pay_enabled" INTEGER NOT NULL,
    "auto_pay_payment_method_id" TEXT NULL,
    "mailing_same_as_primary" INTEGER NOT NULL,
    "mailing_street" TEXT NULL,
    "mailing_unit" TEXT NULL,
    "mailing_city" TEXT NULL,
    "mailing_state" TEXT NULL,
    "mailing_zip" TEXT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_customer_preferences_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

CREATE TABLE "enrollments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_enrollments" PRIMARY KEY AUTOINCREMENT,
    "confirmation_number" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "premise_id" INTEGER NOT NULL,
    "contract_id" INTEGER NOT NULL,
    "customer_type" TEXT NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "service_start_date" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submitted_at" TEXT NOT NULL,
    "completed_at" TEXT NULL,
    CONSTRAINT "FK_enrollments_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_enrollments_accounts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_enrollments_premises_premise_id" FOREIGN KEY ("premise_id") REFERENCES "premises" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_enrollments_contracts_contract_id" FOREIGN KEY ("contract_id") REFERENCES "contracts" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_enrollments_confirmation_number" ON "enrollments" ("confirmation_number");

CREATE INDEX "IX_enrollments_customer_id" ON "enrollments" ("customer_id");

CREATE INDEX "IX_enrollments_account_id" ON "enrollments" ("account_id");

CREATE INDEX "IX_enrollments_premise_id" ON "enrollments" ("premise_id");

CREATE INDEX "IX_enrollments_contract_id" ON "enrollments" ("contract_id");

CREATE TABLE "idempotency_keys" (
    "key" TEXT NOT NULL CONSTRAINT "PK_idempotency_keys" PRIMARY KEY,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "response_body" TEXT NULL,
    "created_at" TEXT NOT NULL
);

CREATE INDEX "IX_idempotency_keys_created_at" ON "idempotency_keys" ("created_at");

CREATE TABLE "outbox_events" (
    "sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_events" PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "customer_sequence" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "data_content_type" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "delivered_at" TEXT NULL
);

CREATE UNIQUE INDEX "IX_outbox_events_id" ON "outbox_events" ("id");

CREATE UNIQUE INDEX "IX_outbox_events_subject_customer_sequence" ON "outbox_events" ("subject", "customer_sequence");

CREATE INDEX "IX_outbox_events_delivered_at" ON "outbox_events" ("delivered_at");

CREATE TABLE "number_sequences" (
    "name" TEXT NOT NULL CONSTRAINT "PK_number_sequences" PRIMARY KEY,
    "last_value" INTEGER NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121000001_InitialSchema', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "outbox_events" ADD "attempts" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "outbox_events" ADD "next_attempt_at" TEXT NULL;

ALTER TABLE "outbox_events" ADD "last_error" TEXT NULL;

ALTER TABLE "outbox_events" ADD "parked_at" TEXT NULL;

CREATE INDEX "IX_outbox_events_parked_at" ON "outbox_events" ("parked_at");

ALTER TABLE "contracts" ADD "expiry_notice_sent_at" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121000100_EventDelivery', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "premises" ADD "nickname" TEXT NULL;

CREATE TABLE "access_log" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_access_log" PRIMARY KEY AUTOINCREMENT,
    "actor_subject" TEXT NOT NULL,
    "actor_roles" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "occurred_at" TEXT NOT NULL,
    CONSTRAINT "FK_access_log_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_access_log_customer_id_occurred_at" ON "access_log" ("customer_id", "occurred_at");

CREATE TABLE "bills" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_bills" PRIMARY KEY AUTOINCREMENT,
    "bill_number" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "issue_date" TEXT NOT NULL,
    "due_date" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_bills_accounts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_bills_bill_number" ON "bills" ("bill_number");

CREATE INDEX "IX_bills_account_id_status_due_date" ON "bills" ("account_id", "status", "due_date");

CREATE TABLE "payments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_payments" PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "payment_date" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "FK_payments_accounts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_payments_reference" ON "payments" ("reference");

CREATE INDEX "IX_payments_account_id_payment_date" ON "payments" ("account_id", "payment_date");

CREATE TABLE "meter_reads" (
    "meter_id" INTEGER NOT NULL,
    "read_date" TEXT NOT NULL,
    "cumulative_kwh" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "PK_meter_reads" PRIMARY KEY ("meter_id", "read_date"),
    CONSTRAINT "FK_meter_reads_meters_meter_id" FOREIGN KEY ("meter_id") REFERENCES "meters" ("id") ON DELETE CASCADE
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121000200_SelfService', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "customer_invites" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_customer_invites" PRIMARY KEY AUTOINCREMENT,
    "customer_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "accepted_at" TEXT NULL,
    "accepted_by_subject" TEXT NULL,
    CONSTRAINT "FK_customer_invites_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_customer_invites_token_hash" ON "customer_invites" ("token_hash");

CREATE INDEX "IX_customer_invites_customer_id" ON "customer_invites" ("customer_id");

CREATE TABLE "escos" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_escos" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_escos_code" ON "escos" ("code");

ALTER TABLE "premises" ADD "esco_id" INTEGER NULL;

CREATE INDEX "IX_premises_esco_id" ON "premises" ("esco_id");

CREATE TABLE "benchmark_tariffs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_benchmark_tariffs" PRIMARY KEY AUTOINCREMENT,
    "period_start" TEXT NOT NULL,
    "unit_rate" TEXT NOT NULL,
    "standing_charge" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_benchmark_tariffs_period_start" ON "benchmark_tariffs" ("period_start");

CREATE TABLE "microgrid_tariffs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_microgrid_tariffs" PRIMARY KEY AUTOINCREMENT,
    "esco_id" INTEGER NOT NULL,
    "period_start" TEXT NOT NULL,
    "default_discount_basis_points" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "ck_microgrid_tariffs_discount" CHECK (default_discount_basis_points BETWEEN 0 AND 10000),
    CONSTRAINT "FK_microgrid_tariffs_escos_esco_id" FOREIGN KEY ("esco_id") REFERENCES "escos" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_microgrid_tariffs_esco_id_period_start" ON "microgrid_tariffs" ("esco_id", "period_start");

CREATE TABLE "customer_tariffs" (
    "customer" INTEGER NOT NULL,
    "period_start" TEXT NOT NULL,
    "discount_rate_basis_points" INTEGER NOT NULL,
    "computed_unit_rate" TEXT NOT NULL,
    "computed_standing_charge" TEXT NOT NULL,
    "benchmark_tariff_id" INTEGER NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "PK_customer_tariffs" PRIMARY KEY ("customer", "period_start"),
    CONSTRAINT "ck_customer_tariffs_discount" CHECK (discount_rate_basis_points BETWEEN 0 AND 10000),
    CONSTRAINT "FK_customer_tariffs_customers_customer" FOREIGN KEY ("customer") REFERENCES "customers" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_customer_tariffs_benchmark_tariffs_benchmark_tariff_id" FOREIGN KEY ("benchmark_tariff_id") REFERENCES "benchmark_tariffs" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_customer_tariffs_benchmark_tariff_id" ON "customer_tariffs" ("benchmark_tariff_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121000300_BackOffice', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "enrollment_drafts" (
    "id" TEXT NOT NULL CONSTRAINT "PK_enrollment_drafts" PRIMARY KEY,
    "payload" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL
);

CREATE INDEX "IX_enrollment_drafts_expires_at" ON "enrollment_drafts" ("expires_at");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261121000400_Portal', '10.0.15');

COMMIT;

