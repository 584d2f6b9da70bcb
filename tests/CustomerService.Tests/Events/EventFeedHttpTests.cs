using System.Net;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Events;

/// <summary>The event feed and the re-queue endpoint over HTTP, with real tokens.</summary>
[Collection(SqliteCollection.Name)]
public sealed class EventFeedHttpTests(SqliteApp app) : ProviderTests(app)
{
    [Fact]
    public async Task AServiceAccountPagesThroughTheFeedInCommitOrder()
    {
        await Client.EnrollAsync(Requests.Individual());
        await Client.EnrollAsync(Requests.Business());
        using var service = App.CreateClient(App.Issuer.Token("market-service", ["service"]));

        var first = await (await service.GetAsync("/api/events?after=0&limit=5")).JsonAsync();
        var events = first["events"]!.AsArray();
        Assert.Equal(5, events.Count);
        Assert.Equal("customer.EnrollmentSubmitted", events[0]!["type"]!.GetValue<string>());
        Assert.Equal("1.0", events[0]!["specversion"]!.GetValue<string>());
        var rest = await (await service.GetAsync($"/api/events?after={first["next"]!.GetValue<long>()}&limit=1000")).JsonAsync();
        Assert.Equal(8 + 10 - 5, rest["events"]!.AsArray().Count);
        var all = events.Concat(rest["events"]!.AsArray()).Select(e => e!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());

        var created = await (await service.GetAsync("/api/events?after=0&type=ContractCreated")).JsonAsync();
        Assert.Equal(2, created["events"]!.AsArray().Count);
        await (await service.GetAsync("/api/events?limit=0")).ProblemAsync(400);
    }

    [Fact]
    public async Task OnlyServiceAccountsReadTheFeedAndOnlyAdminsRequeue()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/events")).StatusCode);
        using var customer = App.CreateClient(App.Issuer.Token("kc-someone", ["customer"], "someone@example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/events")).StatusCode);
        using var csr = App.CreateClient(App.Issuer.Token("kc-csr", ["csr"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await csr.PostAsync($"/api/admin/outbox/{Guid.NewGuid()}/requeue", null)).StatusCode);
        using var admin = App.CreateClient(App.Issuer.Token("kc-admin", ["admin"]));
        await (await admin.PostAsync($"/api/admin/outbox/{Guid.NewGuid()}/requeue", null)).ProblemAsync(404);
    }
}
