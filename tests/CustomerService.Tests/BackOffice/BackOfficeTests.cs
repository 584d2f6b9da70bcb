using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.BackOffice;

public abstract class BackOfficeTests(CustomerServiceApp app) : ProviderTests(app)
{
    private HttpClient Csr => App.CreateClient(() => App.Issuer.Token("kc-csr", ["csr"]));
    private HttpClient Admin => App.CreateClient(() => App.Issuer.Token("kc-admin", ["admin"]));

    private async Task<(long CustomerId, long AccountId)> EnrollAsync(JsonObject request)
    {
        var body = await (await Client.EnrollAsync(request)).JsonAsync();
        Assert.True(body["success"]?.GetValue<bool>() == true, body.ToJsonString());
        return (body["customerId"]!.GetValue<long>(), body["accountId"]!.GetValue<long>());
    }

    private Task SetStatusAsync(long customerId, string status) =>
        App.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE customers SET status = {status} WHERE id = {customerId}"));

    [Theory]
    [InlineData("onboarding", "prelive", true)]
    [InlineData("prelive", "live", true)]
    [InlineData("live", "inactive", true)]
    [InlineData("inactive", "live", true)]
    [InlineData("inactive", "closed", true)]
    [InlineData("onboarding", "live", false)]
    [InlineData("prelive", "inactive", false)]
    [InlineData("live", "closed", false)]
    [InlineData("live", "prelive", false)]
    [InlineData("closed", "live", false)]
    [InlineData("live", "live", false)]
    public async Task TheLifecycleGraphEdgeByEdge(string from, string to, bool allowed)
    {
        var (customerId, _) = await EnrollAsync(Requests.Individual());
        await SetStatusAsync(customerId, from);

        var response = await Csr.PostAsJsonAsync($"/api/backoffice/customers/{customerId}/status", new { status = to, reason = "test" });

        var stored = await App.WithDbAsync(db => db.Customers.Select(c => c.Status).SingleAsync());
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(to, stored);
            var change = await App.WithDbAsync(db => db.CustomerChanges.OrderByDescending(c => c.Id).FirstAsync());
            Assert.Equal(("status", "staff:kc-csr"), (change.Change, change.Actor));
            var evt = JsonNode.Parse(await App.WithDbAsync(db => db.OutboxEvents.OrderByDescending(e => e.Sequence).Select(e => e.Data).FirstAsync()))!;
            Assert.Equal((from, to), (evt["from"]!.GetValue<string>(), evt["to"]!.GetValue<string>()));
        }
        else
        {
            var problem = await response.ProblemAsync(409);
            Assert.Equal(from, stored);
            Assert.Equal(from, problem["currentStatus"]!.GetValue<string>());
            Assert.Contains("Allowed", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AccountPartyInvariantsHold()
    {
        var (john, account) = await EnrollAsync(Requests.Individual());
        var (acme, _) = await EnrollAsync(Requests.Business());
        var parties = $"/api/backoffice/accounts/{account}/parties";

        Assert.Equal(HttpStatusCode.Created, (await Csr.PostAsJsonAsync(parties, new { customerId = acme, role = "landlord" })).StatusCode);
        await (await Csr.PostAsJsonAsync(parties, new { customerId = acme, role = "landlord" })).ProblemAsync(409);
        var both = await (await Csr.PostAsJsonAsync(parties, new { customerId = acme, role = "occupier" })).ProblemAsync(409);
        Assert.Contains("landlord and occupier", both["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var last = await (await Csr.DeleteAsync($"{parties}/{john}/occupier")).ProblemAsync(409);
        Assert.Contains("at least one occupier", last["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Csr.DeleteAsync($"{parties}/{acme}/landlord")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Csr.PostAsJsonAsync(parties, new { customerId = acme, role = "occupier" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Csr.DeleteAsync($"{parties}/{john}/occupier")).StatusCode);
        var listed = await (await Csr.GetAsync(parties)).JsonAsync();
        Assert.Equal([(acme, "occupier")], listed["parties"]!.AsArray().Select(p => (p!["customerId"]!.GetValue<long>(), p["role"]!.GetValue<string>())));
        var types = await App.WithDbAsync(db => db.OutboxEvents.Where(e => e.Type.StartsWith("customer.AccountParty")).Select(e => e.Type).ToListAsync());
        Assert.Equal(2, types.Count(t => t == "customer.AccountPartyAdded"));
        Assert.Equal(2, types.Count(t => t == "customer.AccountPartyRemoved"));
    }

    [Fact]
    public async Task TwoConcurrentRemovalsOfTheLastTwoOccupiersLeaveOne()
    {
        var (john, account) = await EnrollAsync(Requests.Individual());
        var (acme, _) = await EnrollAsync(Requests.Business());
        await Csr.PostAsJsonAsync($"/api/backoffice/accounts/{account}/parties", new { customerId = acme, role = "occupier" });

        var results = await Task.WhenAll(
            Csr.DeleteAsync($"/api/backoffice/accounts/{account}/parties/{john}/occupier"),
            Csr.DeleteAsync($"/api/backoffice/accounts/{account}/parties/{acme}/occupier"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        Assert.Equal(1, await App.WithDbAsync(db => db.AccountParties.CountAsync(p => p.Account == account && p.Role == "occupier")));
    }

    [Fact]
    public async Task AnAccountChangeByAnAgentAndByStaffGoesToTheHoldersStreamAsTheSameEvent()
    {
        var (holder, account) = await EnrollAsync(Requests.Individual());
        var (agent, _) = await EnrollAsync(Requests.Business("agent@acme.example"));
        Assert.Equal(HttpStatusCode.Created, (await Csr.PostAsJsonAsync($"/api/backoffice/accounts/{account}/parties", new { customerId = agent, role = "agent" })).StatusCode);
        using var agentClient = App.CreateClient(() => App.Issuer.Token("kc-agent", ["customer"], "agent@acme.example"));

        (await agentClient.PutAsJsonAsync($"/api/accounts/{account}", new { nickname = "Set by the agent" })).EnsureSuccessStatusCode();
        using var staffPatch = new HttpRequestMessage(HttpMethod.Patch, $"/accounts?id=eq.{account}") { Content = JsonContent.Create(new { nickname = "Set by staff" }) };
        var staff = await Admin.SendAsync(staffPatch);
        Assert.True(staff.IsSuccessStatusCode, await staff.Content.ReadAsStringAsync());

        var events = await App.WithDbAsync(db => db.OutboxEvents.AsNoTracking().Where(e => e.Type.EndsWith(".AccountUpdated")).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(holder.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Subject)); // the holder's stream, not the agent's
        var data = events.Select(e => JsonNode.Parse(e.Data)!.AsObject()).ToList();
        Assert.Equal(["Set by the agent", "Set by staff"], data.Select(d => d["nickname"]!.GetValue<string>()));
        Assert.Equal(data[0].Select(p => p.Key), data[1].Select(p => p.Key)); // one shape, whichever path
        Assert.Equal(events[0].CustomerSequence + 1, events[1].CustomerSequence);
    }

    [Fact]
    public async Task StaffAndTheCustomerAreHeldToTheSameContactRules()
    {
        var (acme, _) = await EnrollAsync(Requests.Business("owner@acme.example"));
        using var owner = App.CreateClient(() => App.Issuer.Token("kc-acme", ["customer"], "owner@acme.example"));
        async Task<HttpResponseMessage> StaffPatchAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/customers?id=eq.{acme}") { Content = JsonContent.Create(body) };
            return await Admin.SendAsync(request);
        }

        // A long legal name (enrollment takes up to 200 characters) is accepted by both paths.
        var longName = new string('A', 150) + " LLC";
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync("/api/customer", new { businessName = longName })).StatusCode);
        Assert.True((await StaffPatchAsync(new { business_name = longName + " II" })).IsSuccessStatusCode);

        // A bad phone number and a first name on a business are refused by both, for the same reason.
        foreach (var (api, column, value) in new[] { ("phone", "phone", (object)"555-12"), ("firstName", "first_name", "Bob") })
        {
            var customer = await (await owner.PutAsJsonAsync("/api/customer", new Dictionary<string, object> { [api] = value })).ValidationErrorsAsync();
            var staff = await StaffPatchAsync(new Dictionary<string, object> { [column] = value });
            Assert.Equal(HttpStatusCode.BadRequest, staff.StatusCode);
            var pgrst = await staff.JsonAsync();
            Assert.Equal("23514", pgrst["code"]!.GetValue<string>());
            Assert.Equal($"Customer {acme}: {customer[api][0]}", pgrst["details"]!.GetValue<string>());
        }
        Assert.Equal(longName + " II", await App.WithDbAsync(db => db.Customers.Where(c => c.Id == acme).Select(c => c.BusinessName).SingleAsync()));
    }

    [Fact]
    public async Task AnInviteLinksTheAcceptingSignInOnceAndExpiresAfterSevenDays()
    {
        var (customerId, _) = await EnrollAsync(Requests.Individual());
        var created = await (await Csr.PostAsync($"/api/backoffice/customers/{customerId}/invites", null)).JsonAsync();
        var token = created["token"]!.GetValue<string>();
        var evt = JsonNode.Parse(await App.WithDbAsync(db => db.OutboxEvents.Where(e => e.Type == "customer.InviteCreated").Select(e => e.Data).SingleAsync()))!;
        Assert.Equal("john.smith@example.com", evt["email"]!.GetValue<string>());
        Assert.Contains(Uri.EscapeDataString(token), evt["acceptUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(token, await App.WithDbAsync(db => db.Invites.Select(i => i.TokenHash).SingleAsync()));

        using var invited = App.CreateClient(() => App.Issuer.Token("kc-new-login", ["customer"], "other.address@example.com"));
        var accepted = await (await invited.PostAsJsonAsync("/api/invites/accept", new { token })).JsonAsync();
        Assert.Equal(customerId, accepted["customerId"]!.GetValue<long>());
        Assert.Equal(customerId, (await (await invited.GetAsync("/api/customer")).JsonAsync())["customerId"]!.GetValue<long>());
        await (await invited.PostAsJsonAsync("/api/invites/accept", new { token })).ProblemAsync(410);

        var second = (await (await Csr.PostAsync($"/api/backoffice/customers/{customerId}/invites", null)).JsonAsync())["token"]!.GetValue<string>();
        App.Clock.Set(App.Clock.GetUtcNow().AddDays(7).AddMinutes(1));
        var expired = await (await invited.PostAsJsonAsync("/api/invites/accept", new { token = second })).ProblemAsync(410);
        Assert.Equal("Invitation expired", expired["title"]!.GetValue<string>());
        var listed = await (await Csr.GetAsync($"/api/backoffice/customers/{customerId}/invites")).JsonAsync();
        Assert.Equal(["expired", "accepted"], listed["invites"]!.AsArray().Select(i => i!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ANewBenchmarkPeriodPricesEveryEscoOccupierCarryingTheirDiscountForward()
    {
        var (john, johnAccount) = await EnrollAsync(Requests.Individual());
        var (acme, acmeAccount) = await EnrollAsync(Requests.Business());
        var esco = (await (await Admin.PostAsJsonAsync("/api/backoffice/escos", new { code = "sunvalley", name = "Sun Valley Microgrid" })).JsonAsync())["id"]!.GetValue<long>();
        await Admin.PostAsJsonAsync($"/api/backoffice/escos/{esco}/microgrid-tariffs", new { periodStart = "2026-01-01", defaultDiscountBasisPoints = 1500 });
        foreach (var account in new[] { johnAccount, acmeAccount })
        {
            var premise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == account).Select(p => p.Id).SingleAsync());
            Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsJsonAsync($"/api/backoffice/premises/{premise}/esco", new { escoId = esco })).StatusCode);
        }

        var first = await (await Admin.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-01-01", unitRate = 0.28734m, standingCharge = 0.61239m })).JsonAsync();
        Assert.Equal(2, first["customerTariffsCreated"]!.GetValue<int>());
        var discounted = await (await Admin.PutAsJsonAsync($"/api/backoffice/customers/{john}/tariffs/2027-01-01", new { discountRateBasisPoints = 2500 })).JsonAsync();
        // 0.28734 × 0.75 = 0.215505 → 0.21550; 0.61239 × 0.75 = 0.4592925 → 0.45929 (truncated, not rounded)
        Assert.Equal((0.2155m, 0.45929m), (discounted["computedUnitRate"]!.GetValue<decimal>(), discounted["computedStandingCharge"]!.GetValue<decimal>()));

        await Admin.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-04-01", unitRate = 0.30000m, standingCharge = 0.50000m });

        var johnTariffs = await (await Csr.GetAsync($"/api/backoffice/customers/{john}/tariffs")).JsonAsync();
        Assert.Equal([("2027-04-01", 2500), ("2027-01-01", 2500)], johnTariffs["tariffs"]!.AsArray().Select(t => (t!["periodStart"]!.GetValue<string>(), t["discountRateBasisPoints"]!.GetValue<int>())));
        var acmeInForce = await (await Csr.GetAsync($"/api/backoffice/customers/{acme}/tariffs?on=2027-03-31")).JsonAsync();
        Assert.Equal((1500, 0.24423m), (acmeInForce["tariffs"]![0]!["discountRateBasisPoints"]!.GetValue<int>(), acmeInForce["tariffs"]![0]!["computedUnitRate"]!.GetValue<decimal>()));
        Assert.Empty((await (await Csr.GetAsync($"/api/backoffice/customers/{acme}/tariffs?on=2026-12-31")).JsonAsync())["tariffs"]!.AsArray());

        // Changing the benchmark behind a period recomputes the customer tariffs of that period.
        await Admin.PutAsJsonAsync("/api/backoffice/benchmark-tariffs/2027-04-01", new { unitRate = 0.40000m, standingCharge = 0.50000m });
        var recomputed = await (await Csr.GetAsync($"/api/backoffice/customers/{john}/tariffs?on=2027-05-01")).JsonAsync();
        Assert.Equal(0.3m, recomputed["tariffs"]![0]!["computedUnitRate"]!.GetValue<decimal>());

        var byEsco = await (await Csr.GetAsync("/api/backoffice/queries/customers-by-esco?esco=SUNVALLEY")).JsonAsync();
        Assert.Equal([john, acme], byEsco["customers"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
        await SetStatusAsync(john, "live");
        var active = await (await Csr.GetAsync("/api/backoffice/queries/active-customers-with-tariffs?on=2027-05-01")).JsonAsync();
        var row = Assert.Single(active["customers"]!.AsArray());
        Assert.Equal((john, 0.3m), (row!["id"]!.GetValue<long>(), row["computedUnitRate"]!.GetValue<decimal>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await Csr.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-07-01", unitRate = 1m, standingCharge = 1m })).StatusCode);
        await (await Admin.PutAsJsonAsync($"/api/backoffice/customers/{john}/tariffs/2027-01-01", new { discountRateBasisPoints = 10001 })).ProblemAsync(400);
    }

    [Fact]
    public async Task GdprExportHoldsEverythingAndErasureRemovesThePersonButKeepsTheContracts()
    {
        var (acme, account) = await EnrollAsync(Requests.Business());
        using var acmeClient = App.CreateClient(App.Issuer.Token("kc-acme", ["customer"], "accounts@acme.com"));
        await acmeClient.PutAsJsonAsync("/api/customer", new { phone = "(214) 555-0199" });

        var export = await (await Admin.GetAsync($"/api/backoffice/customers/{acme}/export")).JsonAsync();
        Assert.Equal("12-3456789", export["profile"]!["taxId"]!.GetValue<string>());
        Assert.Single(export["contracts"]!.AsArray());
        Assert.Contains("(555) 987-6543", export["changeLog"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Csr.GetAsync($"/api/backoffice/customers/{acme}/export")).StatusCode);

        var erased = await (await Admin.PostAsync($"/api/backoffice/customers/{acme}/erase", null)).JsonAsync();
        Assert.Equal("closed", erased["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await acmeClient.GetAsync("/api/customer")).StatusCode);
        var after = (await (await Admin.GetAsync($"/api/backoffice/customers/{acme}/export")).JsonAsync()).ToJsonString();
        foreach (var personal in new[] { "Acme", "accounts@acme.com", "3456789", "987-6543", "555-0199", "Jane", "jane.doe@acme.com", "PO Box 1234" })
            Assert.DoesNotContain(personal, after, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Contracts.CountAsync(c => c.CustomerId == acme)));
        Assert.Equal(1, await App.WithDbAsync(db => db.AccountParties.CountAsync(p => p.Account == account)));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == "customer.CustomerErased")));
        var profile = await (await Csr.GetAsync($"/api/customer?customerId={acme}")).JsonAsync();
        Assert.Equal("[erased]", profile["businessName"]!.GetValue<string>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BackOfficeOnSqlite(SqliteApp app) : BackOfficeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BackOfficeOnPostgres(PostgresApp app) : BackOfficeTests(app);
