using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Tests.Auth;

/// <summary>Tokens from the OIDC issuer configured through Auth:Authority: every check the service must make.</summary>
[Collection(SqliteCollection.Name)]
public sealed class TokenValidationTests(SqliteApp app) : ProviderTests(app)
{
    private async Task<HttpStatusCode> CustomerStatusWith(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customer");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await Client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task AVerifiedEmailLinksTheSubjectToTheEnrolledCustomerOnFirstSight()
    {
        await Client.EnrollAsync(Requests.Individual());
        var token = App.Issuer.Token("kc-john", ["customer"], "John.Smith@example.com");

        var body = await (await App.CreateClient(token).GetAsync("/api/customer")).JsonAsync();

        Assert.Equal("individual", body["type"]!.GetValue<string>());
        Assert.Equal("John", body["firstName"]!.GetValue<string>());
        Assert.Equal("pending", body["status"]!.GetValue<string>());
        Assert.Null(body["businessName"]);
        Assert.Equal("occupier", body["accounts"]![0]!["roles"]![0]!.GetValue<string>());
        Assert.Equal("kc-john", await App.WithDbAsync(db => db.Customers.Select(c => c.Subject).SingleAsync()));
    }

    [Fact]
    public async Task AnUnverifiedEmailDoesNotLinkAndTheProblemSaysHowToLink()
    {
        await Client.EnrollAsync(Requests.Individual());
        var token = App.Issuer.Token("kc-someone", ["customer"], "john.smith@example.com", emailVerified: false);

        var problem = await (await App.CreateClient(token).GetAsync("/api/customer")).ProblemAsync(404);

        Assert.Contains("verified email", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await App.WithDbAsync(db => db.Customers.Select(c => c.Subject).SingleAsync()));
    }

    [Fact]
    public async Task AMissingTokenIs401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(null));
    }

    [Fact]
    public async Task ExpiredNotYetValidWrongIssuerWrongAudienceWrongKeyAndUnsignedTokensAre401()
    {
        await Client.EnrollAsync(Requests.Individual());
        var issuer = App.Issuer;
        const string email = "john.smith@example.com";
        var now = App.Clock.GetUtcNow().UtcDateTime;
        using var otherKey = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.OK, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email)));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email, notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email, notBefore: now.AddMinutes(5), expires: now.AddMinutes(30))));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email, issuer: "http://127.0.0.1:1/realms/evil")));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email, audience: "some-other-api")));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.Token("kc-john", ["customer"], email, key: new RsaSecurityKey(otherKey) { KeyId = "test-key-1" })));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuer.UnsignedToken("kc-john", ["customer"])));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith("not-a-jwt"));
    }

    [Fact]
    public async Task LifetimeIsJudgedByTheServiceClockNotTheMachineClock()
    {
        await Client.EnrollAsync(Requests.Individual());
        // The service's clock is the test clock, days away from the machine's: a token valid by one is judged by the other.
        var serviceNow = App.Clock.GetUtcNow().UtcDateTime;
        var issuedByTheServiceClock = App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com", notBefore: serviceNow.AddMinutes(-1), expires: serviceNow.AddMinutes(10));
        Assert.Equal(HttpStatusCode.OK, await CustomerStatusWith(issuedByTheServiceClock));

        App.Clock.Set(App.Clock.GetUtcNow().AddMinutes(11));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuedByTheServiceClock));

        App.Clock.Set(App.Clock.GetUtcNow().AddMinutes(-30));
        Assert.Equal(HttpStatusCode.Unauthorized, await CustomerStatusWith(issuedByTheServiceClock)); // not yet valid by the service's clock
    }

    [Fact]
    public async Task ATokenWithoutACustomerOrStaffRoleIs403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await CustomerStatusWith(App.Issuer.Token("billing-service", ["service"])));
        Assert.Equal(HttpStatusCode.Forbidden, await CustomerStatusWith(App.Issuer.Token("kc-norole", [], "x@example.com")));
    }

    [Fact]
    public async Task StaffReadACustomerByExplicitSelectorAndEveryReadIsInTheAccessLog()
    {
        var enrolled = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var customerId = enrolled["customerId"]!.GetValue<long>();
        using var csr = App.CreateClient(App.Issuer.Token("kc-csr-alice", ["csr"]));

        var missing = await (await csr.GetAsync("/api/customer")).ProblemAsync(400);
        Assert.Contains("customerId", missing["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await csr.GetAsync("/api/customer?customerId=999999")).ProblemAsync(404);

        var body = await (await csr.GetAsync($"/api/customer?customerId={customerId}")).JsonAsync();
        Assert.Equal(customerId, body["customerId"]!.GetValue<long>());
        var accountId = body["accounts"]![0]!["accountId"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await csr.GetAsync($"/api/accounts/{accountId}?customerId={customerId}")).StatusCode);

        var log = await App.WithDbAsync(db => db.AccessLog.OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(2, log.Count);
        Assert.All(log, entry =>
        {
            Assert.Equal(("kc-csr-alice", "csr", customerId, "GET"), (entry.ActorSubject, entry.ActorRoles, entry.CustomerId, entry.Method));
        });
        Assert.Equal("/api/customer", log[0].Resource);
        Assert.Equal($"/api/accounts/{{accountId:long}} (accountId={accountId})", log[1].Resource);
    }
}
