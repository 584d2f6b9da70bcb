using System.Globalization;
using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.ReferenceData;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace BenchTool;

/// <summary>
/// Loads a data set of N customers into a migrated, empty database, as the product would hold them after N enrollments
/// and the contract lifecycle job: each customer enrolled (customer, occupier account, premise at a service point with
/// its ESI ID, meter, contract, contract link, preferences, enrollment record, change log), in id order over the last
/// 300 days; live once service started (contract, account and meter active since the start date, monthly meter reads,
/// bills and payments since), prelive until then (contract, account and meter pending: the newest few percent); every
/// tenth customer holds a second account at a second premise. Counters (number_sequences) continue after the numbers given; each customer's event count
/// (last_event_sequence) is what those changes recorded, their outbox rows delivered and pruned long since (the global
/// outbox sequence continues after them). Extra service points with an available meter each are left for the
/// enrollment workload. Reference data comes from the service's own seeder. Rows go in with binary COPY.
/// </summary>
public static class Generate
{
    /// <summary>Ids of the service points and meters left free for enrollments: one number j per row, used for both.</summary>
    public const long FirstEnrollable = 50_000_000;

    // A customer's first account, premise and contract share the customer's id; its service point and meter are these plus it.
    private const long FirstServicePoint = 1_000;
    private const int HistoryDays = 300;
    private const long FirstMeter = 100_000;
    private const long SubjectBase = 1_000_000_000_000;
    private const long AccountNumberMultiplier = 738_560_941; // SubmitEnrollment's: account numbers are a permutation of the counter

    private static readonly string[] FirstNames = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Maria", "Juan", "Rosa", "Luis", "Ana"];
    private static readonly string[] LastNames = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White"];
    private static readonly string[] Streets = ["Main Street", "Oak Avenue", "Elm Street", "Cedar Lane", "Pecan Drive", "Bluebonnet Road", "Live Oak Street", "Mesquite Trail", "Magnolia Avenue", "Lamar Boulevard", "Travis Street", "Houston Avenue"];
    private static readonly string[] AreaCodes = ["214", "469", "972", "817", "713", "281", "832", "210", "361", "325", "254", "806"];

    public static async Task<int> RunAsync(Options o)
    {
        var connectionString = o.Required("connection");
        var customers = o.Long("customers", 10_000);
        var enrollable = o.Long("enrollable", 20_000);
        var poolSize = o.Long("token-pool", 20_000);
        var keys = o.Required("keys");
        var outDir = o.Required("out");
        Directory.CreateDirectory(outDir);
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await SeedReferenceDataAsync(connectionString);
        var reference = await ReferenceAsync(connectionString);

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await Exec(conn, "SET session_replication_role = replica"); // the rows are consistent by construction: skip FK triggers while loading
        if (await Scalar(conn, "SELECT count(*) FROM customers") > 0)
            throw new InvalidOperationException("The database already has customers; the generator loads an empty, migrated database.");

        var model = new Model(customers, today, now, reference);
        long events = 0;
        await Copy(conn, "service_points (id, esi_id, street, unit, city, state, zip, address_key, territory_code, premise_type, switch_hold)", w =>
        {
            foreach (var p in model.Premises())
                SpRow(w, p.ServicePointId, p.EsiId, p.Street, p.City, p.Zip, p.Territory);
            for (long k = 0; k < enrollable; k++)
            {
                var a = model.EnrollableAddress(k);
                SpRow(w, a.J, a.EsiId, a.Street, a.City, a.Zip, "ONCOR");
            }
        });
        Console.WriteLine($"  service points  {clock.Elapsed.TotalSeconds,6:F1} s");

        await Copy(conn, "customers (id, type, first_name, last_name, name, email, phone, status, subject, last_event_sequence, created_at, updated_at)", w =>
        {
            foreach (var c in model.Customers())
            {
                events += c.Events;
                w.StartRow();
                w.Write(c.Id, NpgsqlDbType.Bigint);
                w.Write("individual", NpgsqlDbType.Varchar);
                w.Write(c.FirstName, NpgsqlDbType.Varchar);
                w.Write(c.LastName, NpgsqlDbType.Varchar);
                w.Write($"{c.FirstName} {c.LastName}", NpgsqlDbType.Varchar);
                w.Write(c.Email, NpgsqlDbType.Varchar);
                w.Write(c.Phone, NpgsqlDbType.Varchar);
                w.Write(c.Status, NpgsqlDbType.Varchar);
                w.Write(c.Subject, NpgsqlDbType.Varchar);
                w.Write(c.Events, NpgsqlDbType.Bigint);
                w.Write(c.CreatedAt, NpgsqlDbType.TimestampTz);
                w.Write(c.UpdatedAt, NpgsqlDbType.TimestampTz);
            }
        });
        Console.WriteLine($"  customers       {clock.Elapsed.TotalSeconds,6:F1} s");

        await Copy(conn, "customer_preferences (customer_id, bill_delivery, marketing_opt_in, notify_bill_ready, notify_payment_due, notify_outage_alerts, notify_high_usage_alerts, auto_pay_enabled, mailing_same_as_primary, updated_at)", w =>
        {
            foreach (var c in model.Customers())
            {
                w.StartRow();
                w.Write(c.Id, NpgsqlDbType.Bigint);
                w.Write(c.Id % 7 == 0 ? "both" : "email", NpgsqlDbType.Varchar);
                w.Write(c.Id % 3 == 0, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(false, NpgsqlDbType.Boolean);
                w.Write(false, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(c.CreatedAt, NpgsqlDbType.TimestampTz);
            }
        });

        await Copy(conn, "accounts (id, account_number, type, status, created_at, updated_at)", w =>
        {
            foreach (var p in model.Premises())
            {
                w.StartRow();
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(AccountNumber.FromBody(100_000_000 + (p.AccountId - 1) * AccountNumberMultiplier % 900_000_000), NpgsqlDbType.Varchar);
                w.Write("residential", NpgsqlDbType.Varchar);
                w.Write(p.Live ? "active" : "pending", NpgsqlDbType.Varchar);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
                w.Write(p.Live ? p.StartedAt : p.SignedAt, NpgsqlDbType.TimestampTz);
            }
        });
        await Copy(conn, "customer_accounts (customer, account, role, created_at)", w =>
        {
            foreach (var p in model.Premises())
            {
                w.StartRow();
                w.Write(p.CustomerId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write("occupier", NpgsqlDbType.Varchar);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
            }
        });
        await Copy(conn, "premises (id, account_id, service_point_id, esi_id, street, city, state, zip, address_key, is_primary, created_at, status)", w =>
        {
            foreach (var p in model.Premises())
            {
                w.StartRow();
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.ServicePointId, NpgsqlDbType.Bigint);
                w.Write(p.EsiId, NpgsqlDbType.Varchar);
                w.Write(p.Street, NpgsqlDbType.Varchar);
                w.Write(p.City, NpgsqlDbType.Varchar);
                w.Write("TX", NpgsqlDbType.Varchar);
                w.Write(p.Zip, NpgsqlDbType.Varchar);
                w.Write(AddressNormalizer.Key(p.Street, null, p.Zip), NpgsqlDbType.Varchar);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
                w.Write("active", NpgsqlDbType.Varchar);
            }
        });
        await Copy(conn, "meters (id, meter_number, type, status, service_point_id, premise_id, install_date)", w =>
        {
            foreach (var p in model.Premises())
                MeterRow(w, p.MeterId, p.Live ? "active" : "pending", p.ServicePointId, p.AccountId);
            for (long k = 0; k < enrollable; k++)
                MeterRow(w, FirstEnrollable + k, "available", FirstEnrollable + k, null);
        });
        Console.WriteLine($"  accounts, premises, meters {clock.Elapsed.TotalSeconds,6:F1} s");

        var contractCounters = new Dictionary<int, long>();
        await Copy(conn, "contracts (id, contract_number, customer_id, plan_id, plan_name, plan_type, status, start_date, end_date, signed_at, rate_per_kwh, base_charge, term_months, early_termination_fee, updated_at)", w =>
        {
            foreach (var p in model.Premises())
            {
                var plan = p.Plan;
                var year = p.SignedAt.Year;
                var number = contractCounters[year] = contractCounters.GetValueOrDefault(year) + 1;
                w.StartRow();
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write($"CTR-{year}-{number:D5}", NpgsqlDbType.Varchar);
                w.Write(p.CustomerId, NpgsqlDbType.Bigint);
                w.Write(plan.Id, NpgsqlDbType.Bigint);
                w.Write(plan.Name, NpgsqlDbType.Varchar);
                w.Write(plan.PlanType, NpgsqlDbType.Varchar);
                w.Write(p.Live ? "active" : "pending", NpgsqlDbType.Varchar);
                w.Write(p.Start, NpgsqlDbType.Date);
                w.Write(p.Start.AddMonths(plan.TermMonths), NpgsqlDbType.Date);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
                w.Write(plan.RatePerKwh, NpgsqlDbType.Numeric);
                w.Write(plan.BaseCharge, NpgsqlDbType.Numeric);
                w.Write(plan.TermMonths, NpgsqlDbType.Integer);
                w.Write(plan.EarlyTerminationFee, NpgsqlDbType.Numeric);
                w.Write(p.Live ? p.StartedAt : p.SignedAt, NpgsqlDbType.TimestampTz);
            }
        });
        await Copy(conn, "contract_accounts (contract_id, account_id, added_at)", w =>
        {
            foreach (var p in model.Premises())
            {
                w.StartRow();
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
            }
        });
        var confirmations = new Dictionary<long, string>();
        await Copy(conn, "enrollments (id, confirmation_number, customer_id, account_id, premise_id, contract_id, customer_type, plan_id, service_start_date, status, submitted_at, completed_at, enrollment_type, proof_of_occupancy)", w =>
        {
            foreach (var p in model.Premises())
            {
                w.StartRow();
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(Confirmation(p), NpgsqlDbType.Varchar);
                w.Write(p.CustomerId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write(p.AccountId, NpgsqlDbType.Bigint);
                w.Write("individual", NpgsqlDbType.Varchar);
                w.Write(p.Plan.Id, NpgsqlDbType.Bigint);
                w.Write(p.Start, NpgsqlDbType.Date);
                w.Write("completed", NpgsqlDbType.Varchar);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
                w.Write(p.SignedAt, NpgsqlDbType.TimestampTz);
                w.Write(p.AccountId % 4 == 0 ? "moveIn" : "switch", NpgsqlDbType.Varchar);
                w.Write(false, NpgsqlDbType.Boolean);
            }
        });
        await Copy(conn, "customer_changes (customer_id, change, old_values, new_values, actor, occurred_at)", w =>
        {
            foreach (var p in model.Premises())
            {
                var actor = $"enrollment:{Confirmation(p)}";
                var created = JsonSerializer.Serialize(new { type = "individual", status = p.Second ? "prelive" : "onboarding", accountId = p.AccountId, premiseId = p.AccountId, contractId = p.AccountId });
                ChangeRow(w, p.CustomerId, p.Second ? "enrolled" : "created", null, created, actor, p.SignedAt);
                if (p.Second) continue;
                ChangeRow(w, p.CustomerId, "status", """{"status":"onboarding"}""", """{"status":"prelive"}""", actor, p.SignedAt);
                if (p.Live) ChangeRow(w, p.CustomerId, "status", """{"status":"prelive"}""", """{"status":"live"}""", "job:contract-lifecycle", p.StartedAt);
            }
        });
        Console.WriteLine($"  contracts, enrollments, change log {clock.Elapsed.TotalSeconds,6:F1} s");

        await Copy(conn, "meter_reads (meter_id, read_date, cumulative_kwh, updated_at)", w =>
        {
            foreach (var p in model.Premises().Where(p => p.Live))
            {
                foreach (var (date, kwh) in p.Reads())
                {
                    w.StartRow();
                    w.Write(p.MeterId, NpgsqlDbType.Bigint);
                    w.Write(date, NpgsqlDbType.Date);
                    w.Write(kwh, NpgsqlDbType.Numeric);
                    w.Write(date.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                }
            }
        });
        await Copy(conn, "bills (bill_number, account_id, issue_date, due_date, amount, status, updated_at)", w =>
        {
            foreach (var p in model.Premises().Where(p => p.Live))
            {
                foreach (var b in p.Bills())
                {
                    w.StartRow();
                    w.Write(b.Number, NpgsqlDbType.Varchar);
                    w.Write(p.AccountId, NpgsqlDbType.Bigint);
                    w.Write(b.Issue, NpgsqlDbType.Date);
                    w.Write(b.Due, NpgsqlDbType.Date);
                    w.Write(b.Amount, NpgsqlDbType.Numeric);
                    w.Write(b.Status, NpgsqlDbType.Varchar);
                    w.Write(b.Issue.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                }
            }
        });
        await Copy(conn, "payments (reference, account_id, payment_date, amount, updated_at)", w =>
        {
            foreach (var p in model.Premises().Where(p => p.Live))
            {
                foreach (var b in p.Bills().Where(b => b.Status == "paid"))
                {
                    w.StartRow();
                    w.Write("PAY-" + b.Number[5..], NpgsqlDbType.Varchar);
                    w.Write(p.AccountId, NpgsqlDbType.Bigint);
                    w.Write(b.Due.AddDays(-2), NpgsqlDbType.Date);
                    w.Write(b.Amount, NpgsqlDbType.Numeric);
                    w.Write(b.Due.AddDays(-2).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                }
            }
        });
        Console.WriteLine($"  reads, bills, payments {clock.Elapsed.TotalSeconds,6:F1} s");

        // Counters continue after the numbers handed out, as SubmitEnrollment's NumberSequences would have left them.
        await Exec(conn, "INSERT INTO number_sequences (name, last_value) VALUES ('account-number', @v) ON CONFLICT (name) DO UPDATE SET last_value = EXCLUDED.last_value", ("v", model.AccountCount - 1));
        foreach (var (year, last) in contractCounters)
            await Exec(conn, "INSERT INTO number_sequences (name, last_value) VALUES (@n, @v) ON CONFLICT (name) DO UPDATE SET last_value = EXCLUDED.last_value", ("n", $"contract-{year}"), ("v", last));
        // Every identity and serial column continues after the ids written here (the outbox's global sequence after every
        // event recorded), each after a gap of its own: a sequence's next value never equals another table's, so the ids one
        // enrollment creates can be told apart when its statements are captured (gaps are what rolled-back inserts leave too).
        await Exec(conn, $$"""
            DO $$
            DECLARE r record; top bigint; gap bigint := 0;
            BEGIN
              FOR r IN SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
                       FROM information_schema.columns c
                       WHERE c.table_schema = 'public' AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL
                       ORDER BY c.table_name, c.column_name LOOP
                EXECUTE format('SELECT max(%I) FROM %I', r.column_name, r.table_name) INTO top;
                IF r.table_name = 'outbox_events' THEN top := greatest(coalesce(top, 0), {{events}}); END IF;
                gap := gap + 1000003;
                PERFORM setval(r.seq, coalesce(top, 0) + gap);
              END LOOP;
            END $$;
            """);
        Console.WriteLine($"  loaded {customers} customers, {model.AccountCount} accounts, {enrollable} enrollable service points in {clock.Elapsed.TotalSeconds:F1} s");

        await WriteFilesAsync(model, customers, enrollable, poolSize, keys, outDir, now);
        return 0;

        string Confirmation(Premise p) =>
            confirmations.TryGetValue(p.AccountId, out var c) ? c : confirmations[p.AccountId] = ConfirmationNumbers.New(new DateTimeOffset(p.SignedAt));
    }

    /// <summary>
    /// Tokens for the customers the read workloads pick from: customers with one account (the statements a request sends
    /// depend on the customer's accounts, and the pgbench scripts replay one customer's), spread over the whole id range:
    /// pool index k is customer (k / 9) · 10 · blockStride + k % 9 + 1 (customers whose id ends in 0 hold two accounts).
    /// bench/run gives pgbench the same formula (dataset.env).
    /// Also the enrollable addresses and a csr token.
    /// </summary>
    private static async Task WriteFilesAsync(Model model, long customers, long enrollable, long poolSize, string keys, string outDir, DateTime now)
    {
        var identity = new DevelopmentIdentity(keys, new AuthOptions().Audience);
        var pool = Math.Min(poolSize, 9 * (customers / 10));
        if (pool < 1) throw new InvalidOperationException("At least 10 customers are needed.");
        var blocks = (pool + 8) / 9;
        var blockStride = Math.Max(1, customers / 10 / blocks);
        var lifetime = TimeSpan.FromHours(8);
        var lines = new string[pool];
        Parallel.For(0, pool, k =>
        {
            var c = model.Customer(PoolCustomer(k, blockStride));
            lines[k] = $"{c.Id} {c.Id} {identity.CreateToken(c.Subject, c.Email, [Roles.Customer], lifetime, now)}";
        });
        await File.WriteAllLinesAsync(Path.Combine(outDir, "tokens.txt"), lines);
        await File.WriteAllTextAsync(Path.Combine(outDir, "csr-token.txt"), identity.CreateToken("bench-csr", null, [Roles.Csr], lifetime, now));
        await using (var file = File.CreateText(Path.Combine(outDir, "enrollable.txt")))
        {
            for (long k = 0; k < enrollable; k++)
            {
                var a = model.EnrollableAddress(k);
                await file.WriteLineAsync($"{a.J}|{a.Street}|{a.City}|{a.Zip}");
            }
        }
        await File.WriteAllTextAsync(Path.Combine(outDir, "dataset.env"), string.Join('\n',
            $"customers={customers}", $"accounts={model.AccountCount}", $"pool={pool}", $"block_stride={blockStride}", $"subject_base={SubjectBase}",
            $"first_enrollable={FirstEnrollable}", $"enrollable={enrollable}", $"first_meter={FirstMeter}", $"first_service_point={FirstServicePoint}") + "\n");
    }

    /// <summary>The pool's k-th customer (see <see cref="WriteFilesAsync"/>).</summary>
    public static long PoolCustomer(long k, long blockStride) => k / 9 * 10 * blockStride + k % 9 + 1;

    private static async Task SeedReferenceDataAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgresCustomerDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new PostgresCustomerDbContext(options);
        await ReferenceDataSeeder.SeedAsync(db, CancellationToken.None);
    }

    private static async Task<Reference> ReferenceAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgresCustomerDbContext>().UseNpgsql(connectionString).Options;
        await using var db = new PostgresCustomerDbContext(options);
        var plans = await db.Plans.AsNoTracking().ToListAsync();
        var offered = await db.PlanTerritories.AsNoTracking().ToListAsync();
        var prefixes = await db.TerritoryZipPrefixes.AsNoTracking().ToDictionaryAsync(p => p.Prefix, p => p.TerritoryCode);
        var esiPrefixes = DemoReferenceData.Territories.ToDictionary(t => t.Code, t => t.EsiPrefix);
        // Customers live at the demo addresses' ZIPs and cities, each with a plan of at least 12 months offered in its territory.
        var zips = DemoReferenceData.Addresses.Select(a => (a.Zip, a.City)).Distinct().ToList();
        var places = zips.Select(z =>
        {
            var territory = prefixes[z.Zip[..3]];
            var choices = plans.Where(p => p.IsActive && p.TermMonths >= 12 && offered.Any(o => o.PlanId == p.Id && o.TerritoryCode == territory)).OrderBy(p => p.Id).ToArray();
            return new Place(z.Zip, z.City, territory, esiPrefixes[territory], choices);
        }).Where(p => p.Plans.Length > 0).ToArray();
        var oncor = places.Where(p => p.Territory == "ONCOR").ToArray();
        return new Reference(places, oncor, esiPrefixes["ONCOR"]);
    }

    private static void SpRow(NpgsqlBinaryImporter w, long id, string esi, string street, string city, string zip, string territory)
    {
        w.StartRow();
        w.Write(id, NpgsqlDbType.Bigint);
        w.Write(esi, NpgsqlDbType.Varchar);
        w.Write(street, NpgsqlDbType.Varchar);
        w.WriteNull();
        w.Write(city, NpgsqlDbType.Varchar);
        w.Write("TX", NpgsqlDbType.Varchar);
        w.Write(zip, NpgsqlDbType.Varchar);
        w.Write(AddressNormalizer.Key(street, null, zip), NpgsqlDbType.Varchar);
        w.Write(territory, NpgsqlDbType.Varchar);
        w.Write("residential", NpgsqlDbType.Varchar);
        w.Write(false, NpgsqlDbType.Boolean);
    }

    private static void MeterRow(NpgsqlBinaryImporter w, long id, string status, long servicePoint, long? premise)
    {
        w.StartRow();
        w.Write(id, NpgsqlDbType.Bigint);
        w.Write($"E-{id:D9}", NpgsqlDbType.Varchar);
        w.Write("electric", NpgsqlDbType.Varchar);
        w.Write(status, NpgsqlDbType.Varchar);
        w.Write(servicePoint, NpgsqlDbType.Bigint);
        if (premise is { } p) w.Write(p, NpgsqlDbType.Bigint); else w.WriteNull();
        w.Write(new DateOnly(2012 + (int)(id % 12), 1 + (int)(id % 12), 1 + (int)(id % 28)), NpgsqlDbType.Date);
    }

    private static void ChangeRow(NpgsqlBinaryImporter w, long customer, string change, string? oldValues, string newValues, string actor, DateTime at)
    {
        w.StartRow();
        w.Write(customer, NpgsqlDbType.Bigint);
        w.Write(change, NpgsqlDbType.Varchar);
        if (oldValues is null) w.WriteNull(); else w.Write(oldValues, NpgsqlDbType.Text);
        w.Write(newValues, NpgsqlDbType.Text);
        w.Write(actor, NpgsqlDbType.Varchar);
        w.Write(at, NpgsqlDbType.TimestampTz);
    }

    private static async Task Copy(NpgsqlConnection conn, string target, Action<NpgsqlBinaryImporter> rows)
    {
        await using var writer = await conn.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)");
        rows(writer);
        await writer.CompleteAsync();
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal sealed record Place(string Zip, string City, string Territory, string EsiPrefix, CustomerService.Features.Plans.Plan[] Plans);

    internal sealed record Reference(Place[] Places, Place[] Oncor, string OncorEsiPrefix);

    internal sealed record CustomerRow(long Id, string FirstName, string LastName, string Email, string Phone, string Status, string Subject, long Events, DateTime CreatedAt, DateTime UpdatedAt);

    internal sealed record Bill(string Number, DateOnly Issue, DateOnly Due, decimal Amount, string Status);

    internal sealed record Premise(long CustomerId, long AccountId, bool Second, bool Live, long ServicePointId, long MeterId, string EsiId, string Street, string City, string Zip,
        string Territory, CustomerService.Features.Plans.Plan Plan, DateOnly Start, DateTime SignedAt, DateTime StartedAt, DateOnly Today)
    {
        private long MonthlyKwh => 700 + Hash(AccountId, 5) % 900;

        public IEnumerable<(DateOnly Date, decimal Kwh)> Reads()
        {
            decimal total = Hash(AccountId, 6) % 40_000;
            for (var k = 0; Start.AddMonths(k) <= Today; k++)
            {
                yield return (Start.AddMonths(k), total);
                total += MonthlyKwh + Hash(AccountId, 10 + k) % 200;
            }
        }

        public IEnumerable<Bill> Bills()
        {
            for (var k = 1; Start.AddMonths(k) <= Today; k++)
            {
                var issue = Start.AddMonths(k);
                var due = issue.AddDays(21);
                var kwh = MonthlyKwh + Hash(AccountId, 10 + k - 1) % 200;
                var amount = Math.Round(kwh * Plan.RatePerKwh / 100m + Plan.BaseCharge, 2);
                var status = due >= Today ? "unpaid" : Hash(AccountId, 30 + k) % 33 == 0 ? "overdue" : "paid";
                yield return new Bill($"BILL-{AccountId:D9}-{k:D3}", issue, due, amount, status);
            }
        }
    }

    /// <summary>Everything about customer i and its accounts, derived from i alone, so each table can be streamed in id order.</summary>
    internal sealed class Model(long customers, DateOnly today, DateTime now, Reference reference)
    {
        public long AccountCount => customers + customers / 10;

        public CustomerRow Customer(long i)
        {
            var first = FirstNames[Hash(i, 1) % FirstNames.Length];
            var last = LastNames[Hash(i, 2) % LastNames.Length];
            var primary = PremiseOf(i, i, second: false);
            var live = primary.Live;
            // Events an enrollment records (7 with one meter), then the lifecycle job's ContractActivated, AccountStatusChanged and
            // CustomerStatusChanged; a second enrollment while signed in records 6, and its activation 2.
            long events = 7 + (live ? 3 : 0);
            if (i % 10 == 0) events += 6 + (live ? 2 : 0);
            return new CustomerRow(i, first, last, $"{first}.{last}.{i}@bench.example".ToLowerInvariant(),
                $"({AreaCodes[Hash(i, 3) % AreaCodes.Length]}) {200 + Hash(i, 4) % 800}-{i % 10_000:D4}",
                live ? "live" : "prelive", (SubjectBase + i).ToString(CultureInfo.InvariantCulture), events,
                primary.SignedAt, live ? primary.StartedAt : primary.SignedAt);
        }

        public IEnumerable<CustomerRow> Customers()
        {
            for (long i = 1; i <= customers; i++) yield return Customer(i);
        }

        /// <summary>Premises in account id order: account i is customer i's first, account N + i/10 the second of every tenth customer.</summary>
        public IEnumerable<Premise> Premises()
        {
            for (long i = 1; i <= customers; i++) yield return PremiseOf(i, i, second: false);
            for (long i = 10; i <= customers; i += 10) yield return PremiseOf(i, customers + i / 10, second: true);
        }

        private Premise PremiseOf(long customerId, long accountId, bool second)
        {
            var place = reference.Places[Hash(accountId, 7) % reference.Places.Length];
            var plan = place.Plans[Hash(accountId, 8) % place.Plans.Length];
            // Customers enrolled in id order, evenly over the last HistoryDays days (ids and created_at ascend together), service
            // starting 3 to 22 days after; live once it started (a 12-month contract signed 300 days ago is far from its end, so
            // no expiry notice is due), prelive until then: the newest few percent. A second account is signed an hour after the
            // first and starts with it.
            var step = HistoryDays * 86_400_000.0 / customers;
            var signedAt = today.AddDays(-HistoryDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddMilliseconds(Math.Floor((customerId - 1) * step));
            var start = DateOnly.FromDateTime(signedAt).AddDays(3 + (int)(Hash(customerId, 11) % 20));
            var live = start <= today;
            if (second) signedAt = signedAt.AddHours(1) < now ? signedAt.AddHours(1) : now.AddMinutes(-1);
            var startedAt = start.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc);
            var servicePoint = FirstServicePoint + accountId;
            var esiLength = place.Territory == "ONCOR" ? 17 : 22;
            var esi = place.EsiPrefix + servicePoint.ToString(CultureInfo.InvariantCulture).PadLeft(esiLength - place.EsiPrefix.Length, '0');
            var street = $"{accountId} {Streets[Hash(accountId, 12) % Streets.Length]}";
            return new Premise(customerId, accountId, second, live, servicePoint, FirstMeter + accountId, esi, street, place.City, place.Zip,
                place.Territory, plan, start, signedAt, startedAt, today);
        }

        /// <summary>
        /// The k-th free service point: ids of service point and meter, its ESI ID and street all carry j, and all are in one
        /// ZIP (Addison, 75001, Oncor), so a captured enrollment's statements differ from another's by j alone.
        /// </summary>
        public (long J, string EsiId, string Street, string City, string Zip) EnrollableAddress(long k)
        {
            var j = FirstEnrollable + k;
            var place = reference.Oncor.First(p => p.Zip == "75001");
            return (j, reference.OncorEsiPrefix + j.ToString("D9", CultureInfo.InvariantCulture), $"{j} Bench Street", place.City, place.Zip);
        }
    }

    /// <summary>A non-negative hash of (i, salt): the data set is the same on every run.</summary>
    private static long Hash(long i, int salt)
    {
        var x = unchecked((ulong)i * 0x9E3779B97F4A7C15UL + (ulong)salt * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x = unchecked(x * 0x94D049BB133111EBUL);
        return (long)((x ^ (x >> 29)) >> 1);
    }
}
