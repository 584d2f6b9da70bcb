using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Features.Contracts;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Journeys;

/// <summary>A move: the stop at the old premise and the move-in at the new address, accepted together or not at all.</summary>
public abstract class MoveTests(CustomerServiceApp app) : ProviderTests(app)
{
    private const long SwissAvenueMeter = 3005;

    private ContractLifecycleJob Job => App.Services.GetRequiredService<ContractLifecycleJob>();

    private HttpClient John() => App.CreateClient(() => App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com"));

    /// <summary>John Smith at 123 Main Street on plan 1001 (December 1, 2026 – December 1, 2027), active; today is December 10.</summary>
    private async Task<(long Premise, long Contract)> ActiveCustomerAsync()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        App.Clock.Set(new DateTimeOffset(2026, 12, 10, 18, 0, 0, TimeSpan.Zero));
        await Job.RunOnceAsync(default);
        var accountId = body["accountId"]!.GetValue<long>();
        return (await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == accountId).Select(p => p.Id).SingleAsync()), body["contractId"]!.GetValue<long>());
    }

    private static JsonObject Move(string moveDate = "2026-12-20", string? startDate = null, long? planId = null) => new()
    {
        ["moveDate"] = moveDate,
        ["serviceStartDate"] = startDate,
        ["serviceAddress"] = new JsonObject { ["street"] = "4512 Swiss Avenue", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75204" },
        ["selectedMeterIds"] = new JsonArray(SwissAvenueMeter),
        ["selectedPlanId"] = planId,
        ["acceptedTerms"] = true,
    };

    private static Task<HttpResponseMessage> PostMoveAsync(HttpClient client, long premise, JsonObject body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/premises/{premise}/move") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task AMoveStopsTheOldPremiseAndStartsTheNewOneOnTheSameDayKeepingThePlanAndItsRemainingTerm()
    {
        var (premise, oldContract) = await ActiveCustomerAsync();
        using var john = John();

        var response = await PostMoveAsync(john, premise, Move());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body["planKept"]!.GetValue<bool>());
        Assert.Equal(("2026-12-20", "scheduled", "moving"), (body["stop"]!["stopDate"]!.GetValue<string>(), body["stop"]!["status"]!.GetValue<string>(), body["stop"]!["reason"]!.GetValue<string>()));
        Assert.Equal(0m, body["stop"]!["contractsEnding"]![0]!["earlyTerminationFee"]!["charged"]!.GetValue<decimal>());
        Assert.Equal(("2026-12-20", "2027-12-01", "moveIn"), (body["start"]!["contract"]!["startDate"]!.GetValue<string>(),
            body["start"]!["contract"]!["endDate"]!.GetValue<string>(), body["start"]!["enrollmentType"]!.GetValue<string>()));
        Assert.Equal("4512 Swiss Avenue", body["stop"]!["forwardingAddress"]!["street"]!.GetValue<string>());
        var newContract = body["start"]!["contractId"]!.GetValue<long>();

        App.Clock.Set(new DateTimeOffset(2026, 12, 20, 18, 0, 0, TimeSpan.Zero));
        var run = await Job.RunOnceAsync(default);
        Assert.Equal((1, 1), (run.Activated, run.ServiceStops));
        var stored = await App.WithDbAsync(async db => new
        {
            Old = await db.Contracts.SingleAsync(c => c.Id == oldContract),
            New = await db.Contracts.SingleAsync(c => c.Id == newContract),
            Meters = await db.Meters.Where(m => m.Id == 3001 || m.Id == SwissAvenueMeter).OrderBy(m => m.Id).Select(m => m.Status).ToListAsync(),
            Customers = await db.Customers.CountAsync(),
        });
        Assert.Equal(("cancelled", (decimal?)0m), (stored.Old.Status, stored.Old.EtfCharged));
        Assert.Equal(("active", 11.9m, stored.Old.CustomerId), (stored.New.Status, stored.New.RatePerKwh, stored.New.CustomerId));
        Assert.Equal(["available", "active"], stored.Meters);
        Assert.Equal(1, stored.Customers);
    }

    [Fact]
    public async Task ANewPlanStartsAFullTermAndAChosenGapIsAtMostThreeDays()
    {
        var (premise, _) = await ActiveCustomerAsync();
        using var john = John();

        Assert.Equal(["serviceStartDate"], (await (await PostMoveAsync(john, premise, Move(startDate: "2026-12-19"))).ValidationErrorsAsync()).Keys);
        Assert.Equal(["serviceStartDate"], (await (await PostMoveAsync(john, premise, Move(startDate: "2026-12-24"))).ValidationErrorsAsync()).Keys);
        Assert.Equal(["moveDate"], (await (await PostMoveAsync(john, premise, Move(moveDate: "2026-12-10"))).ValidationErrorsAsync()).Keys);
        var response = await PostMoveAsync(john, premise, Move(startDate: "2026-12-23", planId: 1002));

        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(body["planKept"]!.GetValue<bool>());
        Assert.Equal(("2026-12-23", "2028-12-23"), (body["start"]!["contract"]!["startDate"]!.GetValue<string>(), body["start"]!["contract"]!["endDate"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AMoveWhoseNewMeterARacingEnrollmentTookIsRefusedAndNothingOfItIsKept()
    {
        var (premise, _) = await ActiveCustomerAsync();
        var racing = await Client.EnrollAsync(Requests.Individual("racer@example.com", "2026-12-15").With(r =>
        {
            r["serviceAddress"] = new JsonObject { ["street"] = "4512 Swiss Avenue", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75204" };
            r["selectedMeterIds"] = new JsonArray(SwissAvenueMeter);
        }));
        Assert.Equal(HttpStatusCode.Created, racing.StatusCode);
        var before = (await App.CountAsync("contracts"), await App.CountAsync("outbox_events"));
        using var john = John();

        var response = await PostMoveAsync(john, premise, Move());

        await response.ProblemAsync(409);
        Assert.Equal(0, await App.CountAsync("service_stops"));
        Assert.Equal(before, (await App.CountAsync("contracts"), await App.CountAsync("outbox_events")));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyReplaysTheMoveAndReusedWithAnotherBodyIsRefused()
    {
        var (premise, _) = await ActiveCustomerAsync();
        using var john = John();

        var first = await (await PostMoveAsync(john, premise, Move(), "move-1")).JsonAsync();
        var again = await PostMoveAsync(john, premise, Move(), "move-1");
        var other = await PostMoveAsync(john, premise, Move(moveDate: "2026-12-21"), "move-1");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = await again.JsonAsync();
        Assert.Equal(first["start"]!["confirmationNumber"]!.GetValue<string>(), replayed["start"]!["confirmationNumber"]!.GetValue<string>());
        Assert.Equal(first["stop"]!["reference"]!.GetValue<string>(), replayed["stop"]!["reference"]!.GetValue<string>());
        await other.ProblemAsync(422);
        Assert.Equal((1L, 2L), (await App.CountAsync("service_stops"), await App.CountAsync("contracts")));
    }

    [Fact]
    public async Task AnotherCustomersPremiseCannotBeMovedFrom()
    {
        var (premise, _) = await ActiveCustomerAsync();
        await Client.EnrollAsync(Requests.Business());
        using var acme = App.CreateClient(() => App.Issuer.Token("kc-acme", ["customer"], "accounts@acme.com"));

        await (await PostMoveAsync(acme, premise, Move())).ProblemAsync(404);
        Assert.Equal(0, await App.CountAsync("service_stops"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MoveOnSqlite(SqliteApp app) : MoveTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MoveOnPostgres(PostgresApp app) : MoveTests(app);

/// <summary>The portal's move journey, signed in through the development sign-in.</summary>
public abstract class MovePortalTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task ACustomerMovesThroughThePortalKeepingTheirPlanAndADoubleClickMovesOnce()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        App.Clock.Set(new DateTimeOffset(2026, 12, 10, 18, 0, 0, TimeSpan.Zero));
        await App.Services.GetRequiredService<ContractLifecycleJob>().RunOnceAsync(default);
        var accountId = body["accountId"]!.GetValue<long>();
        var premise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == accountId).Select(p => p.Id).SingleAsync());
        using var browser = await Portal.StartServiceForms.SignedInAsync(App, "john.smith@example.com");
        Assert.Contains($"/account/premises/{premise}/move", (await browser.GetAsync("/account/accounts")).Html, StringComparison.Ordinal);

        var unknown = await browser.SubmitAsync($"/account/premises/{premise}/move", new Form
        {
            { "moveDate", "2026-12-20" }, { "serviceAddress.street", "1 Nowhere Lane" }, { "serviceAddress.city", "Dallas" }, { "serviceAddress.zip", "75204" },
        });
        Assert.Contains("id=\"serviceAddress-street-error\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var details = await browser.SubmitAsync($"/account/premises/{premise}/move", new Form
        {
            { "moveDate", "2026-12-20" }, { "serviceAddress.street", "4512 Swiss Avenue" }, { "serviceAddress.city", "Dallas" }, { "serviceAddress.zip", "75204" },
        });
        var html = await details.Content.ReadAsStringAsync();
        Assert.Contains("Keep Green Energy 12", html, StringComparison.Ordinal);

        var withoutTerms = await browser.SubmitAsync($"/account/premises/{premise}/move", html, new Form { { "selectedMeterIds", "3005" } });
        Assert.Contains("id=\"acceptedTerms-error\"", await withoutTerms.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var first = await browser.SubmitAsync($"/account/premises/{premise}/move", html, new Form { { "selectedMeterIds", "3005" }, { "acceptedTerms", "true" } });
        var second = await browser.SubmitAsync($"/account/premises/{premise}/move", html, new Form { { "selectedMeterIds", "3005" }, { "acceptedTerms", "true" } });

        Assert.Equal($"/account/premises/{premise}/stop", first.Headers.Location?.OriginalString);
        Assert.Equal($"/account/premises/{premise}/stop", second.Headers.Location?.OriginalString);
        var (stops, contracts, kept) = await App.WithDbAsync(async db => (
            await db.ServiceStops.CountAsync(), await db.Contracts.CountAsync(),
            await db.Contracts.Where(c => c.StartDate == new DateOnly(2026, 12, 20)).Select(c => c.EndDate).SingleAsync()));
        Assert.Equal((1, 2, new DateOnly(2027, 12, 1)), (stops, contracts, kept));
        Assert.Contains("Moving confirmed", (await browser.GetAsync($"/account/premises/{premise}/stop")).Html, StringComparison.Ordinal);
    }
}

[Collection(DevelopmentIdentityCollection.Name)]
public sealed class MovePortalOnSqlite(DevelopmentIdentityApp app) : MovePortalTests(app);

[Collection(DevelopmentIdentityPostgresCollection.Name)]
public sealed class MovePortalOnPostgres(DevelopmentIdentityPostgresApp app) : MovePortalTests(app);
