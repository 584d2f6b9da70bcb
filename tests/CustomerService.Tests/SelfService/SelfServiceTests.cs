using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Features.Accounts;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.SelfService;

public abstract class SelfServiceTests(CustomerServiceApp app) : ProviderTests(app)
{
    private sealed record Enrolled(long CustomerId, long AccountId, string AccountNumber, long ContractId, long PremiseId, HttpClient Client);

    private async Task<Enrolled> EnrollAsync(JsonObject request)
    {
        var body = await (await Client.EnrollAsync(request)).JsonAsync();
        Assert.True(body["success"]?.GetValue<bool>() == true, body.ToJsonString());
        var email = request["email"]!.GetValue<string>();
        var client = App.CreateClient(() => App.Issuer.Token($"kc-{email}", ["customer"], email));
        var accountId = body["accountId"]!.GetValue<long>();
        var premiseId = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == accountId).Select(p => p.Id).SingleAsync());
        return new Enrolled(body["customerId"]!.GetValue<long>(), accountId, body["accountNumber"]!.GetValue<string>(), body["contractId"]!.GetValue<long>(), premiseId, client);
    }

    private static JsonObject Lubbock(string email) => Requests.Individual(email).With(r =>
    {
        r["serviceAddress"] = new JsonObject { ["street"] = "2409 19th Street", ["city"] = "Lubbock", ["state"] = "TX", ["zip"] = "79410" };
        r["selectedPlanId"] = 1004;
        r["selectedMeterIds"] = new JsonArray(3050);
    });

    private async Task AddPartyAsync(long customerId, long accountId, string role) =>
        await App.WithDbAsync(async db =>
        {
            db.AccountParties.Add(new AccountParty { Customer = customerId, Account = accountId, Role = role, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

    private void SetChicagoDate(int year, int month, int day) => App.Clock.Set(new DateTimeOffset(year, month, day, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AnotherCustomersResourcesAnswer404OnEveryEndpoint()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = await EnrollAsync(Requests.Business());

        foreach (var url in new[]
        {
            $"/api/accounts/{john.AccountId}", $"/api/accounts/{john.AccountId}/summary", $"/api/accounts/{john.AccountId}/premises",
            $"/api/premises/{john.PremiseId}", $"/api/premises/{john.PremiseId}/meters", "/api/meters/3001", "/api/meters/3001/readings",
            $"/api/contracts/{john.ContractId}", $"/api/contracts/{john.ContractId}/accounts",
        })
        {
            Assert.True((await acme.Client.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
            Assert.True((await john.Client.GetAsync(url)).StatusCode == HttpStatusCode.OK, url);
            Assert.True((await Client.GetAsync(url)).StatusCode == HttpStatusCode.Unauthorized, url);
        }
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Put, $"/api/accounts/{john.AccountId}"), (HttpMethod.Put, $"/api/premises/{john.PremiseId}"),
            (HttpMethod.Post, $"/api/premises/{john.PremiseId}/set-primary"), (HttpMethod.Post, $"/api/contracts/{john.ContractId}/cancel"),
            (HttpMethod.Post, $"/api/contracts/{john.ContractId}/renew"),
        })
        {
            var response = await acme.Client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(new { nickname = "mine now" }) });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url}: {response.StatusCode}");
        }
        var accounts = await (await acme.Client.GetAsync("/api/accounts")).JsonAsync();
        Assert.Equal([acme.AccountId], accounts["accounts"]!.AsArray().Select(a => a!["accountId"]!.GetValue<long>()));
        var contracts = await (await acme.Client.GetAsync("/api/contracts")).JsonAsync();
        Assert.Equal([acme.ContractId], contracts["contracts"]!.AsArray().Select(c => c!["contractId"]!.GetValue<long>()));
        Assert.Equal("Active", (await App.WithDbAsync(db => db.Contracts.SingleAsync(c => c.Id == john.ContractId))).Status == "pending" ? "Active" : "changed");
    }

    [Fact]
    public async Task ALandlordSeesThePremiseButNeverBillsOrUsage()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = await EnrollAsync(Requests.Business());
        await AddPartyAsync(acme.CustomerId, john.AccountId, AccountRoles.Landlord);

        var account = await (await acme.Client.GetAsync($"/api/accounts/{john.AccountId}")).JsonAsync();
        Assert.Null(account["currentBalance"]);
        Assert.Single(account["premises"]!.AsArray());
        Assert.Equal(["landlord"], account["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await acme.Client.GetAsync($"/api/premises/{john.PremiseId}")).StatusCode);
        Assert.Null((await (await acme.Client.GetAsync("/api/meters/3001")).JsonAsync())["lastReading"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.Client.GetAsync($"/api/accounts/{john.AccountId}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.Client.GetAsync("/api/meters/3001/readings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.Client.PutAsJsonAsync($"/api/accounts/{john.AccountId}", new { nickname = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.Client.GetAsync($"/api/contracts/{john.ContractId}")).StatusCode);
    }

    [Fact]
    public async Task ABillingPartySeesBalancesButNotPremisesOrUsage()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = await EnrollAsync(Requests.Business());
        await AddPartyAsync(acme.CustomerId, john.AccountId, AccountRoles.Billing);

        var account = await (await acme.Client.GetAsync($"/api/accounts/{john.AccountId}")).JsonAsync();
        Assert.Equal(0m, account["currentBalance"]!.GetValue<decimal>());
        Assert.Empty(account["premises"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await acme.Client.GetAsync($"/api/accounts/{john.AccountId}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.Client.GetAsync($"/api/premises/{john.PremiseId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.Client.GetAsync("/api/meters/3001/readings")).StatusCode);
    }

    [Fact]
    public async Task TheSummaryIsComputedFromPushedBillsPaymentsAndReads()
    {
        var john = await EnrollAsync(Requests.Individual());
        using var billing = App.CreateClient(() => App.Issuer.Token("billing-service", ["service"]));
        SetChicagoDate(2027, 3, 15);

        var bills = await billing.PostAsJsonAsync("/api/billing/bills", new
        {
            bills = new[]
            {
                new { billNumber = "B-1", accountNumber = john.AccountNumber, issueDate = "2027-01-05", dueDate = "2027-01-21", amount = 120.10m, status = "paid" },
                new { billNumber = "B-2", accountNumber = john.AccountNumber, issueDate = "2027-02-05", dueDate = "2027-02-21", amount = 98.40m, status = "overdue" },
                new { billNumber = "B-3", accountNumber = john.AccountNumber, issueDate = "2027-03-05", dueDate = "2027-03-21", amount = 101.25m, status = "unpaid" },
            },
        });
        Assert.Equal(3, (await bills.JsonAsync())["created"]!.GetValue<int>());
        await billing.PostAsJsonAsync("/api/billing/payments", new { payments = new[]
        {
            new { reference = "P-1", accountNumber = john.AccountNumber, paymentDate = "2027-01-20", amount = 120.10m },
            new { reference = "P-2", accountNumber = john.AccountNumber, paymentDate = "2027-02-02", amount = 15.00m },
        } });
        await billing.PostAsJsonAsync("/api/metering/reads", new { reads = new[]
        {
            new { meterNumber = "E-12345678", readDate = "2027-01-10", cumulativeKwh = 1000m },
            new { meterNumber = "E-12345678", readDate = "2027-02-10", cumulativeKwh = 1800m }, // the latest read on or before 30 days ago (Feb 13)
            new { meterNumber = "E-12345678", readDate = "2027-03-10", cumulativeKwh = 2450.5m },
        } });
        // Re-sending a bill updates it instead of adding one.
        var again = await (await billing.PostAsJsonAsync("/api/billing/bills", new { bills = new[] { new { billNumber = "B-3", accountNumber = john.AccountNumber, issueDate = "2027-03-05", dueDate = "2027-03-21", amount = 101.25m, status = "unpaid" } } })).JsonAsync();
        Assert.Equal((0, 1), (again["created"]!.GetValue<int>(), again["updated"]!.GetValue<int>()));

        var summary = await (await john.Client.GetAsync("/api/customer/summary")).JsonAsync();
        Assert.Equal((1, 1, 1), (summary["totalAccounts"]!.GetValue<int>(), summary["totalPremises"]!.GetValue<int>(), summary["totalMeters"]!.GetValue<int>()));
        Assert.Equal(199.65m, summary["totalCurrentBalance"]!.GetValue<decimal>());
        Assert.Equal(199.65m, summary["totalDueAmount"]!.GetValue<decimal>()); // overdue money is due now too
        Assert.Equal(98.40m, summary["totalPastDueAmount"]!.GetValue<decimal>());
        Assert.Equal("2027-03-21", summary["nextDueDate"]!.GetValue<string>());
        Assert.Equal(650.5m, summary["usageByType"]!["electric"]!["usage"]!.GetValue<decimal>());
        Assert.Equal("kWh", summary["usageByType"]!["electric"]!["unit"]!.GetValue<string>());

        var account = await (await john.Client.GetAsync($"/api/accounts/{john.AccountId}/summary")).JsonAsync();
        Assert.Equal(("2027-02-02", 15.00m), (account["lastPaymentDate"]!.GetValue<string>(), account["lastPaymentAmount"]!.GetValue<decimal>()));
        Assert.Equal((199.65m, 199.65m, 98.40m, "2027-03-21"), (account["currentBalance"]!.GetValue<decimal>(), account["totalDueAmount"]!.GetValue<decimal>(),
            account["pastDueAmount"]!.GetValue<decimal>(), account["nextDueDate"]!.GetValue<string>()));
        Assert.Equal(["B-3", "B-2", "B-1"], account["recentBills"]!.AsArray().Select(b => b!["billNumber"]!.GetValue<string>()));

        var meter = await (await john.Client.GetAsync("/api/meters/3001")).JsonAsync();
        Assert.Equal((2450.5m, "2027-03-10"), (meter["lastReading"]!.GetValue<decimal>(), meter["lastReadingDate"]!.GetValue<string>()));
        var readings = await (await john.Client.GetAsync("/api/meters/3001/readings?from=2027-02-01&pageSize=1")).JsonAsync();
        Assert.Equal(2, readings["totalCount"]!.GetValue<int>());
        var latest = Assert.Single(readings["readings"]!.AsArray());
        Assert.Equal(650.5m, latest!["usage"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task BillingFactsNeedTheServiceRoleAndValidEntries()
    {
        var john = await EnrollAsync(Requests.Individual());
        Assert.Equal(HttpStatusCode.Forbidden, (await john.Client.PostAsJsonAsync("/api/billing/bills", new { bills = Array.Empty<object>() })).StatusCode);
        using var billing = App.CreateClient(App.Issuer.Token("billing-service", ["service"]));

        var errors = await (await billing.PostAsJsonAsync("/api/billing/bills", new { bills = new[]
        {
            new { billNumber = "B-9", accountNumber = "0000000000", issueDate = "2027-01-05", dueDate = "2027-01-01", amount = -1m, status = "lost" },
        } })).ValidationErrorsAsync();

        Assert.Equal(["bills[0].accountNumber", "bills[0].amount", "bills[0].dueDate", "bills[0].status"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(15, 150.00)]
    [InlineData(14, 0.00)]
    public async Task CancellingChargesTheEtfUnlessWithinTheLast14Days(int daysBeforeEnd, double charged)
    {
        var john = await EnrollAsync(Requests.Individual(startDate: "2026-12-01")); // Green Energy 12: ends 2027-12-01, ETF $150
        var today = new DateOnly(2027, 12, 1).AddDays(-daysBeforeEnd);
        SetChicagoDate(today.Year, today.Month, today.Day);

        var response = await john.Client.PostAsJsonAsync($"/api/contracts/{john.ContractId}/cancel", new { reason = "moving" });

        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("cancelled", body["status"]!.GetValue<string>());
        Assert.Equal((decimal)charged, body["earlyTerminationFee"]!["charged"]!.GetValue<decimal>());
        Assert.Equal(150.00m, body["earlyTerminationFee"]!["contractFee"]!.GetValue<decimal>());
        Assert.Contains(charged > 0 ? "Charged" : "Waived", body["earlyTerminationFee"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = await App.WithDbAsync(db => db.Contracts.SingleAsync(c => c.Id == john.ContractId));
        Assert.Equal(("cancelled", (decimal)charged), (stored.Status, stored.EtfCharged!.Value));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == "customer.ContractCancelled")));
        await (await john.Client.PostAsync($"/api/contracts/{john.ContractId}/cancel", null)).ProblemAsync(409);
    }

    [Theory]
    [InlineData(61, false)]
    [InlineData(60, true)]
    public async Task RenewalOpens60DaysBeforeTheEndDate(int daysBeforeEnd, bool allowed)
    {
        var john = await EnrollAsync(Requests.Individual(startDate: "2026-12-01"));
        var today = new DateOnly(2027, 12, 1).AddDays(-daysBeforeEnd);
        SetChicagoDate(today.Year, today.Month, today.Day);

        var response = await john.Client.PostAsJsonAsync($"/api/contracts/{john.ContractId}/renew", new { planId = 1002 });

        if (!allowed)
        {
            await response.ProblemAsync(409);
            return;
        }
        var renewal = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, renewal.ToJsonString());
        Assert.Equal(("2027-12-02", "2029-12-02", "pending"), (renewal["startDate"]!.GetValue<string>(), renewal["endDate"]!.GetValue<string>(), renewal["status"]!.GetValue<string>()));
        Assert.Equal(1002, renewal["plan"]!["planId"]!.GetValue<long>());
        Assert.Equal([john.AccountId], renewal["accounts"]!.AsArray().Select(a => a!["accountId"]!.GetValue<long>()));
        var old = await (await john.Client.GetAsync($"/api/contracts/{john.ContractId}")).JsonAsync();
        Assert.Equal("renewed", old["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnExpiredContractRenewsFromTomorrow()
    {
        var john = await EnrollAsync(Requests.Individual(startDate: "2026-12-01"));
        SetChicagoDate(2027, 12, 10);
        Assert.Equal("expired", (await (await john.Client.GetAsync($"/api/contracts/{john.ContractId}")).JsonAsync())["status"]!.GetValue<string>());

        var renewal = await (await john.Client.PostAsync($"/api/contracts/{john.ContractId}/renew", null)).JsonAsync();

        Assert.Equal(("2027-12-11", "2028-12-11"), (renewal["startDate"]!.GetValue<string>(), renewal["endDate"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RenewingIntoAPlanNotOfferedAtThePremiseIsRejected()
    {
        var lubbock = await EnrollAsync(Lubbock("ana@example.com")); // Solar Plus 18 (1004): ends 2028-06-01
        SetChicagoDate(2028, 5, 1);

        var errors = await (await lubbock.Client.PostAsJsonAsync($"/api/contracts/{lubbock.ContractId}/renew", new { planId = 1002 })).ValidationErrorsAsync();

        Assert.Contains("79410", errors["planId"][0], StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("contracts"));
    }

    [Fact]
    public async Task ContractsListAndActiveFollowTheDates()
    {
        var john = await EnrollAsync(Requests.Individual(startDate: "2026-12-01"));
        Assert.Empty((await (await john.Client.GetAsync("/api/contracts/active")).JsonAsync())["contracts"]!.AsArray());
        SetChicagoDate(2026, 12, 1);

        var active = Assert.Single((await (await john.Client.GetAsync("/api/contracts/active")).JsonAsync())["contracts"]!.AsArray());
        Assert.Equal("active", active!["status"]!.GetValue<string>());
        Assert.Equal(11.9m, active["plan"]!["ratePerKwh"]!.GetValue<decimal>());
        var list = Assert.Single((await (await john.Client.GetAsync("/api/contracts")).JsonAsync())["contracts"]!.AsArray());
        Assert.Equal(("Green Energy 12", 1), (list!["planName"]!.GetValue<string>(), list["accountCount"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ProfileUpdatesValidateLikeEnrollmentAndAnEmailInUseIs409()
    {
        var john = await EnrollAsync(Requests.Individual());
        await EnrollAsync(Requests.Business());

        var invalid = await (await john.Client.PutAsJsonAsync("/api/customer", new { email = "nope", phone = "123" })).ValidationErrorsAsync();
        Assert.Equal(["email", "phone"], invalid.Keys.Order(StringComparer.Ordinal));
        await (await john.Client.PutAsJsonAsync("/api/customer", new { email = "ACCOUNTS@acme.com" })).ProblemAsync(409);

        var updated = await (await john.Client.PutAsJsonAsync("/api/customer", new { phone = "214.555.0100", lastName = "Smythe" })).JsonAsync();
        Assert.Equal(("(214) 555-0100", "Smythe"), (updated["phone"]!.GetValue<string>(), updated["lastName"]!.GetValue<string>()));
        var change = await App.WithDbAsync(db => db.CustomerChanges.Where(c => c.Change == "profile").SingleAsync());
        Assert.Contains("(555) 123-4567", change.OldValues, StringComparison.Ordinal);
        Assert.Contains("(214) 555-0100", change.NewValues, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == "customer.CustomerUpdated")));
    }

    [Fact]
    public async Task BusinessProfilesShowTheTaxIdMasked()
    {
        var acme = await EnrollAsync(Requests.Business());

        var body = await (await acme.Client.GetAsync("/api/customer")).JsonAsync();

        Assert.Equal(("business", "Acme Corporation", "**-***6789"), (body["type"]!.GetValue<string>(), body["businessName"]!.GetValue<string>(), body["taxId"]!.GetValue<string>()));
        Assert.Null(body["firstName"]);
        Assert.Equal("Jane", body["primaryContact"]!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreferencesSaveAndNeverTakeCardNumbers()
    {
        var john = await EnrollAsync(Requests.Individual());

        var card = await (await john.Client.PutAsJsonAsync("/api/preferences", new { autoPay = new { enabled = true, paymentMethodId = "4111 1111 1111 1111" } })).ValidationErrorsAsync();
        Assert.Contains("card", card["autoPay.paymentMethodId"][0], StringComparison.Ordinal);

        var saved = await (await john.Client.PutAsJsonAsync("/api/preferences", new
        {
            billDelivery = "mail",
            autoPay = new { enabled = true, paymentMethodId = "pm_1Nabc23XYZ" },
            mailingAddress = new { sameAsPrimaryPremise = false, street = "PO Box 77", city = "Addison", state = "TX", zip = "75001" },
        })).JsonAsync();
        Assert.Equal("mail", saved["billDelivery"]!.GetValue<string>());
        Assert.Equal("pm_1Nabc23XYZ", saved["autoPay"]!["paymentMethodId"]!.GetValue<string>());
        Assert.False(saved["mailingAddress"]!["sameAsPrimaryPremise"]!.GetValue<bool>());

        var notifications = await (await john.Client.PutAsJsonAsync("/api/preferences/notifications", new { highUsageAlerts = true, outageAlerts = false })).JsonAsync();
        Assert.Equal("""{"billReady":true,"paymentDue":true,"outageAlerts":false,"highUsageAlerts":true}""", notifications.ToJsonString());
        var read = await (await john.Client.GetAsync("/api/preferences")).JsonAsync();
        Assert.True(read["notifications"]!["highUsageAlerts"]!.GetValue<bool>());
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == "customer.PreferencesUpdated")));
    }

    [Fact]
    public async Task PremisesTakeANicknameButNotANewAddress()
    {
        var john = await EnrollAsync(Requests.Individual());

        var errors = await (await john.Client.PutAsJsonAsync($"/api/premises/{john.PremiseId}", new { street = "1 Other Street" })).ValidationErrorsAsync();
        Assert.Contains("ESI ID", errors["street"][0], StringComparison.Ordinal);

        var premise = await (await john.Client.PutAsJsonAsync($"/api/premises/{john.PremiseId}", new { nickname = "Home" })).JsonAsync();
        Assert.Equal(("Home", true), (premise["nickname"]!.GetValue<string>(), premise["isPrimary"]!.GetValue<bool>()));
        var primary = await (await john.Client.PostAsync($"/api/premises/{john.PremiseId}/set-primary", null)).JsonAsync();
        Assert.True(primary["isPrimary"]!.GetValue<bool>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SelfServiceOnSqlite(SqliteApp app) : SelfServiceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SelfServiceOnPostgres(PostgresApp app) : SelfServiceTests(app);
