using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.SelfService;

public abstract class SignedInEnrollmentTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task ASignedInCustomersEnrollmentAddsAnAccountPremiseAndContractToThem()
    {
        var first = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var customerId = first["customerId"]!.GetValue<long>();
        using var john = App.CreateClient(App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com"));
        // The customer's own details come from their record: none are needed, and an email in the body changes nothing.
        var second = Requests.Individual(email: "ignored@example.com", startDate: "2026-12-10").With(r =>
        {
            r.Remove("firstName");
            r.Remove("lastName");
            r.Remove("phone");
            r["serviceAddress"] = new JsonObject { ["street"] = "4512 Swiss Ave", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75204" };
            r["selectedMeterIds"] = new JsonArray(3005);
        });

        var response = await john.PostAsync("/api/enrollment", System.Net.Http.Json.JsonContent.Create(second));

        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(customerId, body["customerId"]!.GetValue<long>());
        Assert.NotEqual(first["accountId"]!.GetValue<long>(), body["accountId"]!.GetValue<long>());
        Assert.Contains("john.smith@example.com", body["nextSteps"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("customers"));
        Assert.Equal(2, await App.CountAsync("accounts"));
        Assert.Equal(2, await App.CountAsync("contracts"));
        var accounts = await (await john.GetAsync("/api/accounts")).JsonAsync();
        Assert.Equal(2, accounts["accounts"]!.AsArray().Count);
        var types = await App.WithDbAsync(db => db.OutboxEvents.Where(e => e.Subject == customerId.ToString()).OrderBy(e => e.CustomerSequence).Select(e => e.Type).ToListAsync());
        Assert.Equal(1, types.Count(t => t == "customer.CustomerCreated"));
        Assert.Equal(2, types.Count(t => t == "customer.ContractCreated"));
        Assert.Equal("prelive", await App.WithDbAsync(db => db.Customers.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task AnInvalidTokenOnEnrollmentIs401NotAnAnonymousEnrollment()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollment") { Content = System.Net.Http.Json.JsonContent.Create(Requests.Individual()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "expired-or-forged");

        await (await Client.SendAsync(request)).ProblemAsync(401);

        Assert.Equal(0, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task EveryCustomerEndpointRefusesAServiceTokenWith403()
    {
        var enrolled = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var (account, contract) = (enrolled["accountId"]!.GetValue<long>(), enrolled["contractId"]!.GetValue<long>());
        using var service = App.CreateClient(App.Issuer.Token("billing-service", ["service"]));

        foreach (var url in new[]
        {
            "/api/customer", "/api/customer/summary", "/api/accounts", $"/api/accounts/{account}", $"/api/accounts/{account}/summary",
            $"/api/accounts/{account}/premises", "/api/meters/3001", "/api/meters/3001/readings", "/api/preferences",
            "/api/preferences/notifications", "/api/contracts", "/api/contracts/active", $"/api/contracts/{contract}", $"/api/contracts/{contract}/accounts",
        })
        {
            Assert.True((await service.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, url);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignedInEnrollmentOnSqlite(SqliteApp app) : SignedInEnrollmentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignedInEnrollmentOnPostgres(PostgresApp app) : SignedInEnrollmentTests(app);
