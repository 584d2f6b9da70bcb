using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Features.Contracts;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Journeys;

/// <summary>Stop service (move-out): scheduled by the occupier or agent, withdrawn before its date, carried out on it by the lifecycle job.</summary>
public abstract class StopServiceTests(CustomerServiceApp app) : ProviderTests(app)
{
    private ContractLifecycleJob Job => App.Services.GetRequiredService<ContractLifecycleJob>();

    private HttpClient John() => App.CreateClient(() => App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com"));

    private void Today(int month, int day) => App.Clock.Set(new DateTimeOffset(2026, month, day, 18, 0, 0, TimeSpan.Zero));

    /// <summary>John Smith at 123 Main Street on plan 1001 (ETF $150), active from December 1, 2026; today is December 10.</summary>
    private async Task<(long Customer, long Premise, long Account, long Contract)> ActiveCustomerAsync()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        Today(12, 10);
        await Job.RunOnceAsync(default);
        var accountId = body["accountId"]!.GetValue<long>();
        var premiseId = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == accountId).Select(p => p.Id).SingleAsync());
        return (body["customerId"]!.GetValue<long>(), premiseId, accountId, body["contractId"]!.GetValue<long>());
    }

    private static object Stop(string date, string? reason = null) => new
    {
        stopDate = date,
        reason,
        forwardingAddress = new { street = "500 New Home Road", unit = (string?)null, city = "Austin", state = "TX", zip = "78701" },
    };

    [Fact]
    public async Task AMoveOutOnItsStopDateFreesTheMetersEndsTheContractWithoutFeeAndAsksBillingForTheFinalBill()
    {
        var (_, premise, account, contract) = await ActiveCustomerAsync();
        using var john = John();

        var scheduled = await john.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-20"));

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var body = await scheduled.JsonAsync();
        Assert.StartsWith("STP-", body["reference"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("scheduled", "moving", true), (body["status"]!.GetValue<string>(), body["reason"]!.GetValue<string>(), body["accountBecomesInactive"]!.GetValue<bool>()));
        var ending = Assert.Single(body["contractsEnding"]!.AsArray())!;
        Assert.Equal((contract, 0m, 150m), (ending["contractId"]!.GetValue<long>(), ending["earlyTerminationFee"]!["charged"]!.GetValue<decimal>(), ending["earlyTerminationFee"]!["contractFee"]!.GetValue<decimal>()));
        var eventsBefore = await App.CountAsync("outbox_events");

        Today(12, 19);
        Assert.Equal(0, (await Job.RunOnceAsync(default)).ServiceStops);
        Today(12, 20);
        Assert.Equal(1, (await Job.RunOnceAsync(default)).ServiceStops);
        Assert.Equal(0, (await Job.RunOnceAsync(default)).ServiceStops);

        var stored = await App.WithDbAsync(async db => new
        {
            Meter = await db.Meters.SingleAsync(m => m.Id == 3001),
            Premise = await db.Premises.SingleAsync(p => p.Id == premise),
            Account = await db.Accounts.SingleAsync(a => a.Id == account),
            Contract = await db.Contracts.SingleAsync(c => c.Id == contract),
            Stop = await db.ServiceStops.SingleAsync(),
            Events = await db.OutboxEvents.OrderBy(e => e.Sequence).Skip((int)eventsBefore).ToListAsync(),
        });
        Assert.Equal(("available", (long?)null), (stored.Meter.Status, stored.Meter.PremiseId));
        Assert.Equal(("inactive", (DateOnly?)new DateOnly(2026, 12, 20)), (stored.Premise.Status, stored.Premise.InactiveSince));
        Assert.Equal("inactive", stored.Account.Status);
        Assert.Equal(("cancelled", (decimal?)0m), (stored.Contract.Status, stored.Contract.EtfCharged));
        Assert.Equal("completed", stored.Stop.Status);
        Assert.Equal(["customer.MeterRemoved", "customer.ContractCancelled", "customer.AccountStatusChanged", "customer.FinalBillRequested"], stored.Events.Select(e => e.Type));
        var finalBill = JsonNode.Parse(stored.Events[^1].Data)!;
        Assert.Equal(("2026-12-20", "78701"), (finalBill["serviceEndDate"]!.GetValue<string>(), finalBill["forwardingAddress"]!["zip"]!.GetValue<string>()));
        Assert.Equal(contract, finalBill["cancelledContracts"]![0]!["contractId"]!.GetValue<long>());

        var nextOccupant = await Client.EnrollAsync(Requests.Individual("next@example.com", "2026-12-21").With(r => r["enrollmentType"] = "moveIn"));
        Assert.Equal(HttpStatusCode.Created, nextOccupant.StatusCode);
    }

    [Fact]
    public async Task StoppingForAnotherReasonChargesTheFeeTheCancelRulesCharge()
    {
        var (_, premise, _, contract) = await ActiveCustomerAsync();
        using var john = John();

        var body = await (await john.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-20", "other"))).JsonAsync();
        Assert.Equal(150m, body["contractsEnding"]![0]!["earlyTerminationFee"]!["charged"]!.GetValue<decimal>());
        Today(12, 20);
        await Job.RunOnceAsync(default);

        Assert.Equal(150m, await App.WithDbAsync(db => db.Contracts.Where(c => c.Id == contract).Select(c => c.EtfCharged).SingleAsync()));
    }

    [Theory]
    [InlineData("2026-12-10", false)] // today
    [InlineData("2026-12-11", true)]  // tomorrow
    [InlineData("2027-03-10", true)]  // 90 days ahead
    [InlineData("2027-03-11", false)]
    public async Task TheStopDateIsFromTomorrowTo90DaysAhead(string date, bool accepted)
    {
        var (_, premise, _, _) = await ActiveCustomerAsync();
        using var john = John();

        var response = await john.PostAsJsonAsync($"/api/premises/{premise}/stop", new { stopDate = date });

        if (accepted) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        else Assert.Equal(["stopDate"], (await response.ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task AStopCanBeWithdrawnBeforeItsDateButNotOnIt()
    {
        var (_, premise, _, _) = await ActiveCustomerAsync();
        using var john = John();
        Assert.Equal(HttpStatusCode.Created, (await john.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-20"))).StatusCode);
        await (await john.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-22"))).ProblemAsync(409);

        Today(12, 19);
        var withdrawn = await john.DeleteAsync($"/api/premises/{premise}/stop");
        Assert.Equal("cancelled", (await withdrawn.JsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == "customer.MoveOutCancelled")));
        await (await john.DeleteAsync($"/api/premises/{premise}/stop")).ProblemAsync(404);

        Assert.Equal(HttpStatusCode.Created, (await john.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-20"))).StatusCode);
        Today(12, 20);
        Assert.Equal("Too late to withdraw", (await (await john.DeleteAsync($"/api/premises/{premise}/stop")).ProblemAsync(409))["title"]!.GetValue<string>());
        Assert.Equal(1, (await Job.RunOnceAsync(default)).ServiceStops);
    }

    [Fact]
    public async Task OnlyTheOccupierOrAnAgentMayStopAndAnotherCustomersPremiseIsNotFound()
    {
        var (_, premise, account, _) = await ActiveCustomerAsync();
        var other = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        using var csr = App.CreateClient(() => App.Issuer.Token("kc-csr", ["csr"]));
        Assert.Equal(HttpStatusCode.Created, (await csr.PostAsJsonAsync($"/api/backoffice/accounts/{account}/parties",
            new { customerId = other["customerId"]!.GetValue<long>(), role = "landlord" })).StatusCode);
        using var landlord = App.CreateClient(() => App.Issuer.Token("kc-acme", ["customer"], "accounts@acme.com"));

        await (await landlord.PostAsJsonAsync($"/api/premises/{premise}/stop", Stop("2026-12-20"))).ProblemAsync(403);
        var acmePremise = await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == other["accountId"]!.GetValue<long>()).Select(p => p.Id).SingleAsync());
        using var john = John();
        await (await john.PostAsJsonAsync($"/api/premises/{acmePremise}/stop", Stop("2026-12-20"))).ProblemAsync(404);
        await (await john.DeleteAsync($"/api/premises/{acmePremise}/stop")).ProblemAsync(404);
        Assert.Equal(0, await App.CountAsync("service_stops"));
    }

    [Fact]
    public async Task StaffStopServiceForACustomerAndTheAccessIsAudited()
    {
        var (customer, premise, _, _) = await ActiveCustomerAsync();
        using var csr = App.CreateClient(() => App.Issuer.Token("kc-csr", ["csr"]));

        var response = await csr.PostAsJsonAsync($"/api/premises/{premise}/stop?customerId={customer}", Stop("2026-12-20"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var (stop, audited) = await App.WithDbAsync(async db => (
            await db.ServiceStops.SingleAsync(),
            await db.AccessLog.AnyAsync(a => a.ActorSubject == "kc-csr" && a.CustomerId == customer && a.Method == "POST")));
        Assert.Equal("staff:kc-csr", stop.RequestedBy);
        Assert.True(audited);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StopServiceOnSqlite(SqliteApp app) : StopServiceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StopServiceOnPostgres(PostgresApp app) : StopServiceTests(app);

/// <summary>The portal's stop-service page, signed in through the development sign-in.</summary>
public abstract class StopServicePortalTests(CustomerServiceApp app) : ProviderTests(app)
{
    private async Task<long> ActivePremiseAsync()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        App.Clock.Set(new DateTimeOffset(2026, 12, 10, 18, 0, 0, TimeSpan.Zero));
        await App.Services.GetRequiredService<ContractLifecycleJob>().RunOnceAsync(default);
        var accountId = body["accountId"]!.GetValue<long>();
        return await App.WithDbAsync(db => db.Premises.Where(p => p.AccountId == accountId).Select(p => p.Id).SingleAsync());
    }

    [Fact]
    public async Task ThePortalStatesTheConsequencesBeforeConfirmingAndConfirmsWithAReference()
    {
        var premise = await ActivePremiseAsync();
        using var browser = await StartServiceForms.SignedInAsync(App, "john.smith@example.com");
        Assert.Contains($"/account/premises/{premise}/stop", (await browser.GetAsync("/account/accounts")).Html, StringComparison.Ordinal);

        var page = (await browser.GetAsync($"/account/premises/{premise}/stop")).Html;
        Assert.Contains("If you are moving: no early termination fee", page, StringComparison.Ordinal);
        Assert.Contains("the $150.00 early termination fee", page, StringComparison.Ordinal);
        Assert.Contains("the account becomes inactive", page, StringComparison.Ordinal);

        var today = await browser.SubmitAsync($"/account/premises/{premise}/stop", new Form { { "stopDate", "2026-12-10" } });
        Assert.Contains("id=\"stopDate-error\"", await today.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var confirmed = await browser.SubmitAsync($"/account/premises/{premise}/stop", new Form
        {
            { "stopDate", "2026-12-20" }, { "reason", "moving" },
            { "forwardingAddress.street", "500 New Home Road" }, { "forwardingAddress.city", "Austin" }, { "forwardingAddress.state", "TX" }, { "forwardingAddress.zip", "78701" },
        });
        Assert.Equal($"/account/premises/{premise}/stop", confirmed.Headers.Location?.OriginalString);
        var reference = await App.WithDbAsync(db => db.ServiceStops.Select(s => s.Reference).SingleAsync());
        var scheduled = (await browser.GetAsync($"/account/premises/{premise}/stop")).Html;
        Assert.Contains(reference, scheduled, StringComparison.Ordinal);
        Assert.Contains("Service stops on December 20, 2026", scheduled, StringComparison.Ordinal);

        var withdrawn = await browser.SubmitAsync($"/account/premises/{premise}/stop");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("cancelled", await App.WithDbAsync(db => db.ServiceStops.Select(s => s.Status).SingleAsync()));
    }
}

[Collection(DevelopmentIdentityCollection.Name)]
public sealed class StopServicePortalOnSqlite(DevelopmentIdentityApp app) : StopServicePortalTests(app);

[Collection(DevelopmentIdentityPostgresCollection.Name)]
public sealed class StopServicePortalOnPostgres(DevelopmentIdentityPostgresApp app) : StopServicePortalTests(app);
