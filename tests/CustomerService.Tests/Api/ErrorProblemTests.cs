using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Api;

/// <summary>Every 401, 403, 404 and 409 of the JSON API is an RFC 9457 problem whose detail says what to do.</summary>
public abstract class ErrorProblemTests(CustomerServiceApp app) : ProviderTests(app)
{
    private static readonly string[] Unauthenticated =
    [
        "GET /api/customer", "GET /api/accounts", "GET /api/contracts/1", "PUT /api/customer",
        "GET /api/backoffice/customers/1/status", "POST /api/backoffice/escos", "GET /api/backoffice/customers/1/export",
        "GET /api/events", "POST /api/billing/bills", "POST /api/admin/outbox/00000000-0000-0000-0000-000000000001/requeue",
        "POST /api/invites/accept",
    ];

    /// <summary>Sends a request; a body for writes, so the endpoint's own checks are not what answers.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string route, object? body = null)
    {
        var (method, url) = (route.Split(' ')[0], route.Split(' ')[1]);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET") request.Content = JsonContent.Create(body ?? new { });
        return client.SendAsync(request);
    }

    /// <summary>Asserts a problem of this status with a non-empty detail; returns the detail.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, int status, string route)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{route}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{route}: {response.Content.Headers.ContentType} {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()), $"{route}: a problem has a title: {text}");
        var detail = body["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"{route}: a problem has a detail: {text}");
        return detail!;
    }

    [Fact]
    public async Task WithoutATokenEveryProtectedRouteSaysToSendOne()
    {
        foreach (var route in Unauthenticated)
        {
            var response = await SendAsync(Client, route);
            Assert.Contains("Authorization: Bearer", await DetailAsync(response, 401, route), StringComparison.Ordinal);
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }

        using var forged = App.CreateClient("not-a-token");
        foreach (var route in Unauthenticated)
        {
            var response = await SendAsync(forged, route);
            Assert.Contains("identity provider", await DetailAsync(response, 401, route), StringComparison.Ordinal);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Parameter?.Contains("invalid_token", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task AWrongRoleIsToldWhichRoleTheRouteNeeds()
    {
        using var customer = App.CreateClient(() => App.Issuer.Token("kc-someone", ["customer"], "someone@example.com"));
        using var csr = App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));
        using var service = App.CreateClient(() => App.Issuer.Token("billing-service", ["service"]));

        foreach (var (client, route, role) in new[]
        {
            (customer, "GET /api/backoffice/customers/1/status", "one of the roles csr, admin"),
            (customer, "POST /api/backoffice/escos", "the role admin"),
            (csr, "POST /api/backoffice/escos", "the role admin"),
            (csr, "GET /api/backoffice/customers/1/export", "the role admin"),
            (csr, "POST /api/admin/outbox/00000000-0000-0000-0000-000000000001/requeue", "the role admin"),
            (customer, "GET /api/events", "the role service"),
            (csr, "POST /api/billing/bills", "the role service"),
            (service, "GET /api/customer", "one of the roles customer, csr, admin"),
        })
        {
            var detail = await DetailAsync(await SendAsync(client, route), 403, route);
            Assert.Contains($"needs {role}.", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SomeoneElsesResourcesAndConflictsSayWhy()
    {
        var john = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var acme = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        var acmeEmail = Requests.Business()["email"]!.GetValue<string>();
        using var acmeClient = App.CreateClient(() => App.Issuer.Token("kc-acme", ["customer"], acmeEmail));
        using var stranger = App.CreateClient(() => App.Issuer.Token("kc-stranger", ["customer"], "stranger@example.com"));
        using var csr = App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));
        using var admin = App.CreateClient(() => App.Issuer.Token("admin-1", ["admin"]));
        var johnAccount = john["accountId"]!.GetValue<long>();
        var johnContract = john["contractId"]!.GetValue<long>();
        var johnPremise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == johnAccount).Select(p => p.Id).SingleAsync());
        Assert.NotEqual(johnAccount, acme["accountId"]!.GetValue<long>());

        foreach (var route in new[]
        {
            $"GET /api/accounts/{johnAccount}", $"PUT /api/accounts/{johnAccount}", $"GET /api/premises/{johnPremise}",
            $"GET /api/contracts/{johnContract}", $"POST /api/contracts/{johnContract}/cancel", "GET /api/meters/3001",
        })
        {
            await DetailAsync(await SendAsync(acmeClient, route), 404, route);
        }
        foreach (var route in new[] { "GET /api/customer", "GET /api/accounts" })
        {
            await DetailAsync(await SendAsync(stranger, route), 404, route);
        }
        foreach (var route in new[] { "GET /api/customer?customerId=999999", "GET /api/backoffice/customers/999999/status", "GET /api/backoffice/customers/999999/export", "GET /api/nothing-here" })
        {
            await DetailAsync(await SendAsync(route.Contains("export", StringComparison.Ordinal) ? admin : csr, route), 404, route);
        }

        Assert.True((await SendAsync(admin, "POST /api/backoffice/escos", new { code = "ESCO-X", name = "Esco X" })).IsSuccessStatusCode);
        await DetailAsync(await SendAsync(admin, "POST /api/backoffice/escos", new { code = "ESCO-X", name = "Esco X" }), 409, "duplicate ESCO");
        var customerId = john["customerId"]!.GetValue<long>();
        var refused = await DetailAsync(await SendAsync(csr, $"POST /api/backoffice/customers/{customerId}/status", new { status = "closed" }), 409, "lifecycle");
        Assert.Contains("Allowed: live", refused, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ErrorProblemsOnSqlite(SqliteApp app) : ErrorProblemTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ErrorProblemsOnPostgres(PostgresApp app) : ErrorProblemTests(app);
