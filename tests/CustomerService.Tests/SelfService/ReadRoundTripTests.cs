using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Infrastructure.Data;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.SelfService;

/// <summary>
/// What a read costs the database, counted per request by <see cref="StatementCounter"/>: the busiest reads take one
/// round trip on one connection whatever the customer holds (the signed-in customer found by the same statement), and
/// plans by ZIP none once the reference data is cached.
/// </summary>
public abstract class ReadRoundTripTests(CustomerServiceApp app) : ProviderTests(app)
{
    private sealed record Enrolled(long CustomerId, long AccountId, string AccountNumber, HttpClient Client);

    // The first request links the sign-in to the customer (a write, once); the counts are of every request after it.
    private async Task<Enrolled> EnrollAsync(JsonObject request)
    {
        var (body, client) = await App.EnrollAndSignInAsync(Client, request);
        return new Enrolled(body["customerId"]!.GetValue<long>(), body["accountId"]!.GetValue<long>(), body["accountNumber"]!.GetValue<string>(), client);
    }

    /// <summary>A business on three meters with bills (paid, overdue, unpaid), two payments and a year of daily reads per meter.</summary>
    private async Task<Enrolled> BusinessWithHistoryAsync()
    {
        var acme = await EnrollAsync(Requests.Business());
        using var billing = App.CreateClient(() => App.Issuer.Token("billing-service", ["service"]));
        App.Clock.Set(new DateTimeOffset(2027, 12, 15, 18, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await billing.PostAsJsonAsync("/api/billing/bills", new
        {
            bills = new[]
            {
                new { billNumber = "B-1", accountNumber = acme.AccountNumber, issueDate = "2027-10-05", dueDate = "2027-10-21", amount = 120.10m, status = "paid" },
                new { billNumber = "B-2", accountNumber = acme.AccountNumber, issueDate = "2027-11-05", dueDate = "2027-11-21", amount = 98.40m, status = "overdue" },
                new { billNumber = "B-3", accountNumber = acme.AccountNumber, issueDate = "2027-12-05", dueDate = "2027-12-21", amount = 101.25m, status = "unpaid" },
            },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await billing.PostAsJsonAsync("/api/billing/payments", new { payments = new[]
        {
            new { reference = "P-1", accountNumber = acme.AccountNumber, paymentDate = "2027-10-20", amount = 120.10m },
            new { reference = "P-2", accountNumber = acme.AccountNumber, paymentDate = "2027-11-02", amount = 15.00m },
        } })).StatusCode);
        var meters = await App.WithDbAsync(db => db.Meters.Where(m => Requests.CorporateDriveMeters.Contains(m.Id)).Select(m => m.MeterNumber).ToListAsync());
        var start = new DateOnly(2027, 1, 1);
        foreach (var number in meters)
        {
            var reads = Enumerable.Range(0, 349).Select(day => new { meterNumber = number, readDate = start.AddDays(day).ToString("yyyy-MM-dd"), cumulativeKwh = 1000m + day * 12.5m }).ToArray();
            Assert.Equal(HttpStatusCode.OK, (await billing.PostAsJsonAsync("/api/metering/reads", new { reads })).StatusCode);
        }
        return acme;
    }

    [Fact]
    public async Task AccountDetailTakesOneRoundTripTheSignInLookUpIncluded()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/accounts/{acme.AccountId}");

        var body = await response.JsonAsync();
        Assert.Equal(199.65m, body["currentBalance"]!.GetValue<decimal>());
        Assert.Equal(3, body["premises"]![0]!["meters"]!.AsArray().Count);
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task TheAccountListTakesOneRoundTripTheSignInLookUpIncluded()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, "/api/accounts");

        var body = await response.JsonAsync();
        Assert.Equal((acme.AccountId, "occupier"), (body["accounts"]![0]!["accountId"]!.GetValue<long>(), body["accounts"]![0]!["roles"]![0]!.GetValue<string>()));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task TheCustomerProfileTakesOneRoundTripTheSignInLookUpIncluded()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, "/api/customer");

        var body = await response.JsonAsync();
        Assert.Equal((acme.CustomerId, "business", "**-***6789"), (body["customerId"]!.GetValue<long>(), body["type"]!.GetValue<string>(), body["taxId"]!.GetValue<string>()));
        Assert.Equal((acme.AccountId, "occupier"), (body["accounts"]![0]!["accountId"]!.GetValue<long>(), body["accounts"]![0]!["roles"]![0]!.GetValue<string>()));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task AnAccountSummaryTakesOneRoundTripTheSignInLookUpIncluded()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/accounts/{acme.AccountId}/summary");

        var body = await response.JsonAsync();
        Assert.Equal(("2027-11-02", 15.00m), (body["lastPaymentDate"]!.GetValue<string>(), body["lastPaymentAmount"]!.GetValue<decimal>()));
        Assert.Equal(["B-3", "B-2", "B-1"], body["recentBills"]!.AsArray().Select(b => b!["billNumber"]!.GetValue<string>()));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task TheCustomerSummaryTakesOneRoundTripTheSignInLookUpIncludedWhateverTheReadHistory()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, "/api/customer/summary");

        var body = await response.JsonAsync();
        Assert.True(body["usageByType"]?["electric"] is not null, body.ToJsonString());
        Assert.Equal((1, 1, 3), (body["totalAccounts"]!.GetValue<int>(), body["totalPremises"]!.GetValue<int>(), body["totalMeters"]!.GetValue<int>()));
        Assert.Equal(3 * 30 * 12.5m, body["usageByType"]!["electric"]!["usage"]!.GetValue<decimal>());
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Theory]
    [InlineData("/api/contracts")]
    [InlineData("/api/contracts/active")]
    [InlineData("/api/contracts/{contract}")]
    [InlineData("/api/contracts/{contract}/accounts")]
    public async Task EveryContractReadTakesOneRoundTripTheSignInLookUpIncluded(string path)
    {
        var acme = await EnrollAsync(Requests.Business());
        var contract = await App.WithDbAsync(db => db.Contracts.Where(c => c.CustomerId == acme.CustomerId).Select(c => c.Id).SingleAsync());
        // In force today, so that the active list has it too.
        App.Clock.Set(new DateTimeOffset(2027, 3, 1, 18, 0, 0, TimeSpan.Zero));

        var (response, statements) = await acme.Client.GetCountingAsync(App, path.Replace("{contract}", contract.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var body = (await response.JsonAsync()).ToJsonString();
        Assert.Contains(path.EndsWith("/accounts", StringComparison.Ordinal) ? acme.AccountNumber : "CTR-", body, StringComparison.Ordinal);
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Theory]
    [InlineData("/api/accounts/{account}/premises")]
    [InlineData("/api/premises/{premise}")]
    [InlineData("/api/premises/{premise}/meters")]
    public async Task EveryPremiseReadTakesOneRoundTripTheSignInLookUpIncluded(string path)
    {
        var acme = await EnrollAsync(Requests.Business());
        var premise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == acme.AccountId).Select(p => p.Id).SingleAsync());
        var invariant = System.Globalization.CultureInfo.InvariantCulture;

        var (response, statements) = await acme.Client.GetCountingAsync(App, path
            .Replace("{account}", acme.AccountId.ToString(invariant), StringComparison.Ordinal).Replace("{premise}", premise.ToString(invariant), StringComparison.Ordinal));

        var body = await response.JsonAsync();
        // An account's premises list them; a premise and its meters list carry the meters themselves.
        var meters = path.StartsWith("/api/accounts", StringComparison.Ordinal) ? Assert.Single(body["premises"]!.AsArray())!["meters"]! : body["meters"]!;
        Assert.Equal(Requests.CorporateDriveMeters, meters.AsArray().Select(m => m!["meterId"]!.GetValue<long>()));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Theory]
    [InlineData("/api/preferences", "notifications")]
    [InlineData("/api/preferences/notifications", "billReady")]
    public async Task PreferenceReadsTakeOneRoundTripTheSignInLookUpIncluded(string path, string field)
    {
        var acme = await EnrollAsync(Requests.Business());

        var (response, statements) = await acme.Client.GetCountingAsync(App, path);

        Assert.NotNull((await response.JsonAsync())[field]);
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task AFirstSignInWhoseFirstRequestIsTheContractListIsLinkedAndAnswered()
    {
        var acme = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        using var client = App.CreateClient(() => App.Issuer.Token("kc-acme-contracts", ["customer"], Requests.Business()["email"]!.GetValue<string>()));

        var contracts = await (await client.GetAsync("/api/contracts")).JsonAsync();

        Assert.Equal(acme["contract"]!["contractNumber"]!.GetValue<string>(), Assert.Single(contracts["contracts"]!.AsArray())!["contractNumber"]!.GetValue<string>());
        Assert.Equal("kc-acme-contracts", await App.WithDbAsync(db => db.Customers.Where(c => c.Id == acme["customerId"]!.GetValue<long>()).Select(c => c.Subject).SingleAsync()));
    }

    [Fact]
    public async Task AReadThatFindsTheCustomerByItsStatementStillLinksOnFirstSightAndTellsNotLinkedFromNotYours()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = (await (await Client.EnrollAsync(Requests.Business())).JsonAsync());
        var acmeAccount = acme["accountId"]!.GetValue<long>();
        var acmeEmail = Requests.Business()["email"]!.GetValue<string>();

        // Acme's first request ever is one of these reads: its verified email links the sign-in, and the read answers.
        using var acmeClient = App.CreateClient(() => App.Issuer.Token("kc-acme-first", ["customer"], acmeEmail));
        var first = await (await acmeClient.GetAsync($"/api/accounts/{acmeAccount}")).JsonAsync();
        Assert.Equal(acmeAccount, first["accountId"]!.GetValue<long>());
        Assert.Equal("kc-acme-first", await App.WithDbAsync(db => db.Customers.Where(c => c.Id == acme["customerId"]!.GetValue<long>()).Select(c => c.Subject).SingleAsync()));

        // Another customer's account: not theirs, the same 404 as an account that does not exist.
        var notYours = await (await john.Client.GetAsync($"/api/accounts/{acmeAccount}")).ProblemAsync(404);
        Assert.Equal("Account not found", notYours["title"]!.GetValue<string>());
        var notYoursSummary = await (await john.Client.GetAsync($"/api/accounts/{acmeAccount}/summary")).ProblemAsync(404);
        Assert.Equal("Account not found", notYoursSummary["title"]!.GetValue<string>());
        var acmeContract = await App.WithDbAsync(db => db.Contracts.Where(c => c.CustomerId == acme["customerId"]!.GetValue<long>()).Select(c => c.Id).SingleAsync());
        var johnContract = await App.WithDbAsync(db => db.Contracts.Where(c => c.CustomerId == john.CustomerId).Select(c => c.Id).SingleAsync());
        foreach (var path in new[] { $"/api/contracts/{acmeContract}", $"/api/contracts/{acmeContract}/accounts" })
            Assert.Equal("Contract not found", (await (await john.Client.GetAsync(path)).ProblemAsync(404))["title"]!.GetValue<string>());
        var acmePremise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == acmeAccount).Select(p => p.Id).SingleAsync());
        var johnPremise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == john.AccountId).Select(p => p.Id).SingleAsync());
        Assert.Equal("Account not found", (await (await john.Client.GetAsync($"/api/accounts/{acmeAccount}/premises")).ProblemAsync(404))["title"]!.GetValue<string>());
        foreach (var path in new[] { $"/api/premises/{acmePremise}", $"/api/premises/{acmePremise}/meters", "/api/premises/999999" })
            Assert.Equal("Premise not found", (await (await john.Client.GetAsync(path)).ProblemAsync(404))["title"]!.GetValue<string>());

        // A customer without accounts (created by staff), signing in for the first time: linked, and an empty summary.
        using var admin = App.CreateClient(() => App.Issuer.Token("admin-1", ["admin"]));
        (await admin.PostAsJsonAsync("/customers", new { email = "no.accounts@example.com", name = "No Accounts", phone = "555-000-0001" })).EnsureSuccessStatusCode();
        using var newcomer = App.CreateClient(() => App.Issuer.Token("kc-newcomer", ["customer"], "no.accounts@example.com"));
        var empty = await (await newcomer.GetAsync("/api/customer/summary")).JsonAsync();
        // Never enrolled, so no preferences stored: the defaults are shown, and the read stores nothing.
        var defaults = await (await newcomer.GetAsync("/api/preferences")).JsonAsync();
        Assert.Equal(("email", true), (defaults["billDelivery"]!.GetValue<string>(), defaults["notifications"]!["billReady"]!.GetValue<bool>()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Preferences.CountAsync(p => db.Customers.Any(c => c.Id == p.CustomerId && c.Email == "no.accounts@example.com"))));
        Assert.Equal((0, 0m), (empty["totalAccounts"]!.GetValue<int>(), empty["totalCurrentBalance"]!.GetValue<decimal>()));
        Assert.Equal("kc-newcomer", await App.WithDbAsync(db => db.Customers.Where(c => c.Email == "no.accounts@example.com").Select(c => c.Subject).SingleAsync()));

        // A sign-in no customer is linked to (its email is not verified): the problem says how to link, on every such read.
        using var stranger = App.CreateClient(() => App.Issuer.Token("kc-stranger", ["customer"], "john.smith@example.com", emailVerified: false));
        foreach (var path in new[] { "/api/customer", "/api/accounts", $"/api/accounts/{john.AccountId}", $"/api/accounts/{john.AccountId}/summary", "/api/customer/summary",
            "/api/contracts", "/api/contracts/active", $"/api/contracts/{johnContract}", $"/api/contracts/{johnContract}/accounts",
            $"/api/accounts/{john.AccountId}/premises", $"/api/premises/{johnPremise}", $"/api/premises/{johnPremise}/meters",
            "/api/preferences", "/api/preferences/notifications" })
        {
            var problem = await (await stranger.GetAsync(path)).ProblemAsync(404);
            Assert.Equal("No customer is linked to this sign-in", problem["title"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task PlansByZipOnAWarmCacheTouchNoDatabase()
    {
        var cold = await (await Client.GetAsync("/api/enrollment/plans?zip=75001")).Content.ReadAsStringAsync();

        var (response, statements) = await Client.GetCountingAsync(App, "/api/enrollment/plans?zip=75001");

        Assert.Equal(cold, await response.Content.ReadAsStringAsync());
        Assert.True(statements.Commands.Count == 0 && statements.ConnectionsOpened == 0, statements.ToString());
    }

    [Fact]
    public async Task AddressValidationOnAWarmCacheReadsOnlyTheMetersStillAvailable()
    {
        var address = new { street = "123 Main Street", city = "Addison", state = "TX", zip = "75001" };
        var cold = await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", address)).Content.ReadAsStringAsync();

        var (response, statements) = await Client.CountingAsync(App, new HttpRequestMessage(HttpMethod.Post, "/api/enrollment/validate-address") { Content = JsonContent.Create(address) });

        Assert.Equal(cold, await response.Content.ReadAsStringAsync());
        // Territory and service point from memory; the meters' availability changes with every enrollment, so it is read.
        Assert.True(statements.Commands.Count == 1 && statements.Commands[0].Contains("meters", StringComparison.Ordinal), statements.ToString());
    }

    [Fact]
    public async Task ABackOfficeListWritesItsAccessLogInOneStatement()
    {
        using var admin = App.CreateClient(() => App.Issuer.Token("admin-1", ["admin"]));
        for (var i = 0; i < 12; i++)
            (await admin.PostAsJsonAsync("/customers", new { email = $"customer{i}@example.com", name = $"Customer {i}", phone = $"555-000-{i:0000}" })).EnsureSuccessStatusCode();
        using var csr = App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));
        await App.WithDbAsync(db => db.AccessLog.ExecuteDeleteAsync());

        var (response, statements) = await csr.GetCountingAsync(App, "/customers?order=created_at.desc&limit=50");

        Assert.Equal(12, (await response.Content.ReadFromJsonAsync<JsonArray>())!.Count);
        Assert.Equal(12, await App.CountAsync("access_log"));
        // The query interface's SELECT goes on the connection itself, not through EF: what EF sends is the log, once.
        Assert.True(statements.Commands.Count == 1 && statements.Commands[0].StartsWith("INSERT INTO access_log", StringComparison.Ordinal), statements.ToString());
        Assert.True(statements.ConnectionsOpened == 1, statements.ToString());
    }

    [Fact]
    public async Task BackOfficeReadsOfAccountsAndTheirPartiesLogEachCustomerInTheSameStatement()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = await EnrollAsync(Requests.Business());
        await App.WithDbAsync(async db =>
        {
            db.AccountParties.Add(new CustomerService.Features.Accounts.AccountParty { Customer = acme.CustomerId, Account = john.AccountId, Role = "billing", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return await db.AccessLog.ExecuteDeleteAsync();
        });
        using var csr = App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));

        var (links, linkStatements) = await csr.GetCountingAsync(App, $"/customer_accounts?customer=eq.{john.CustomerId}&select=*,account(*)");
        var (accounts, accountStatements) = await csr.GetCountingAsync(App, $"/accounts?id=eq.{john.AccountId}");

        Assert.Single((await links.Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Single((await accounts.Content.ReadFromJsonAsync<JsonArray>())!);
        // The query interface sends its SELECT on the connection itself (not through EF, so not counted here); every
        // other statement is EF's: one access-log write each, the account's two parties found by the statement that logs them.
        Assert.True(linkStatements.Commands.Count == 1 && linkStatements.Commands[0].StartsWith("INSERT INTO access_log", StringComparison.Ordinal), linkStatements.ToString());
        Assert.True(accountStatements.Commands.Count == 1 && accountStatements.Commands[0].StartsWith("INSERT INTO access_log", StringComparison.Ordinal), accountStatements.ToString());
        var logged = await App.WithDbAsync(db => db.AccessLog.OrderBy(e => e.Id).Select(e => new { e.CustomerId, e.Resource }).ToListAsync());
        var expected = new[] { (john.CustomerId, "/accounts (id)"), (acme.CustomerId, "/accounts (id)"), (john.CustomerId, "/customer_accounts (customer, select)") };
        Assert.Equal(expected.OrderBy(e => e.Item2, StringComparer.Ordinal).ThenBy(e => e.Item1),
            logged.Select(e => (e.CustomerId, e.Resource)).OrderBy(e => e.Resource, StringComparer.Ordinal).ThenBy(e => e.CustomerId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReadRoundTripsOnSqlite(SqliteApp app) : ReadRoundTripTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReadRoundTripsOnPostgres(PostgresApp app) : ReadRoundTripTests(app)
{
    [Fact]
    public async Task PooledConnectionsAreNotResetBetweenStatements()
    {
        // DISCARD ALL would run before nearly every statement, as EF opens and closes the connection around each.
        Assert.True(await App.WithDbAsync(db => Task.FromResult(new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).NoResetOnClose)));
    }

    [Fact]
    public async Task AStatementSentRepeatedlyIsPreparedOnItsConnection()
    {
        // The app's own pool and options: a statement of the sign-in look-up's shape, five times on one connection;
        // PostgreSQL then holds it as one prepared statement of that session (no parse, no plan per request). Tagged so
        // that it is this test's own text: pooled connections keep what earlier tests prepared on them.
        var tag = $"prepared-{Guid.NewGuid():N}";
        var prepared = await App.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 5; i++)
                await db.Customers.TagWith(tag).Where(c => c.Subject == tag).Select(c => (long?)c.Id).FirstOrDefaultAsync();
            return await db.Database.SqlQueryRaw<string>(
                "SELECT statement AS \"Value\" FROM pg_prepared_statements WHERE strpos(statement, {0}) > 0", tag).ToListAsync();
        });
        Assert.Single(prepared);
        Assert.Contains("WHERE c.subject = $1", prepared[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoPreparationFollowsTheConnectionString()
    {
        Assert.Equal(DatabaseSetup.AutoPreparedStatements, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db")).MaxAutoPrepare);
        // An operator's choice wins, e.g. 0 behind a pooler in transaction mode that does not track prepared statements.
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;MaxAutoPrepare=0")).MaxAutoPrepare);
        Assert.Equal(50, new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;max auto prepare=50")).MaxAutoPrepare);
    }
}
