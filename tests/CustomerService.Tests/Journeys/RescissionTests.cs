using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Journeys;

/// <summary>
/// The right of rescission (16 TAC §25.474): a residential switch may be rescinded without penalty within 3 federal
/// business days after the terms were given, counted from the Chicago date of the submission.
/// </summary>
public abstract class RescissionTests(CustomerServiceApp app) : ProviderTests(app)
{
    private static DateTimeOffset Chicago(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-6));

    private async Task<JsonObject> EnrollAsync(JsonObject? request = null)
    {
        var response = await Client.EnrollAsync(request ?? Requests.Individual());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private Task<HttpResponseMessage> RescindAsync(string confirmationNumber, object body, HttpClient? client = null) =>
        (client ?? Client).PostAsJsonAsync($"/api/enrollment/{confirmationNumber}/rescind", body);

    [Fact]
    public async Task RescindingInsideTheWindowCancelsWithNoFeeReleasesTheMetersAndRecordsTheEvents()
    {
        var enrolled = await EnrollAsync(); // Saturday 2026-11-21: Monday, Tuesday and Wednesday are the three business days
        var number = enrolled["confirmationNumber"]!.GetValue<string>();
        Assert.Equal("2026-11-25", enrolled["rescindableUntil"]!.GetValue<string>());
        var eventsBefore = await App.CountAsync("outbox_events");

        App.Clock.Set(Chicago(11, 25, 23, 30));
        var response = await RescindAsync(number, new { email = "John.Smith@example.com", reason = "Changed my mind" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(("rescinded", "cancelled", 0m, 150m), (body["status"]!.GetValue<string>(), body["contractStatus"]!.GetValue<string>(),
            body["earlyTerminationFee"]!["charged"]!.GetValue<decimal>(), body["earlyTerminationFee"]!["contractFee"]!.GetValue<decimal>()));
        Assert.Equal(("2026-11-21", "2026-11-25"), (body["termsGivenOn"]!.GetValue<string>(), body["windowClosesOn"]!.GetValue<string>()));
        Assert.Equal([3001L], body["releasedMeterIds"]!.AsArray().Select(m => m!.GetValue<long>()));

        var stored = await App.WithDbAsync(async db => new
        {
            Enrollment = await db.Enrollments.SingleAsync(),
            Contract = await db.Contracts.SingleAsync(),
            Meter = await db.Meters.SingleAsync(m => m.Id == 3001),
            Account = await db.Accounts.SingleAsync(),
            Premise = await db.Premises.SingleAsync(),
            Events = await db.OutboxEvents.OrderBy(e => e.Sequence).Skip((int)eventsBefore).ToListAsync(),
        });
        Assert.Equal(("rescinded", "cancelled", 0m), (stored.Enrollment.Status, stored.Contract.Status, stored.Contract.EtfCharged));
        Assert.Equal(("available", (long?)null), (stored.Meter.Status, stored.Meter.PremiseId));
        Assert.Equal(("inactive", "inactive"), (stored.Account.Status, stored.Premise.Status));
        Assert.Equal(["customer.EnrollmentRescinded", "customer.ContractCancelled", "customer.MeterRemoved", "customer.AccountStatusChanged"], stored.Events.Select(e => e.Type));
        var rescinded = JsonNode.Parse(stored.Events[0].Data)!;
        Assert.Equal((number, "2026-11-25"), (rescinded["confirmationNumber"]!.GetValue<string>(), rescinded["windowClosesOn"]!.GetValue<string>()));
        Assert.Equal(0m, JsonNode.Parse(stored.Events[1].Data)!["etfCharged"]!.GetValue<decimal>());

        // The meter is free for the next customer.
        var next = await Client.EnrollAsync(Requests.Individual("next.occupant@example.com", "2026-11-28").With(r => r["enrollmentType"] = "moveIn"));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task AfterTheWindowItAnswers409WithTheDateItClosedAndChangesNothing()
    {
        var number = (await EnrollAsync())["confirmationNumber"]!.GetValue<string>();

        App.Clock.Set(Chicago(11, 26, 0, 30)); // Thanksgiving, half an hour after the window closed
        var response = await RescindAsync(number, new { email = "john.smith@example.com" });

        var problem = await response.ProblemAsync(409);
        Assert.Equal("2026-11-25", problem["windowClosedOn"]!.GetValue<string>());
        Assert.Contains("November 25, 2026", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("completed", "pending"), await App.WithDbAsync(async db =>
            (await db.Enrollments.Select(e => e.Status).SingleAsync(), await db.Contracts.Select(c => c.Status).SingleAsync())));
    }

    [Theory]
    [InlineData(11, 28, 12, 0, true)]  // Saturday: the weekend is not counted
    [InlineData(11, 30, 23, 59, true)] // Monday, the third business day (Wednesday, Friday, Monday; Thanksgiving skipped)
    [InlineData(12, 1, 0, 0, false)]
    public async Task TheWindowSkipsAFederalHolidayAndAWeekend(int month, int day, int hour, int minute, bool open)
    {
        App.Clock.Set(Chicago(11, 24, 12, 0)); // Tuesday before Thanksgiving
        var enrolled = await EnrollAsync();
        Assert.Equal("2026-11-30", enrolled["rescindableUntil"]!.GetValue<string>());

        App.Clock.Set(Chicago(month, day, hour, minute));
        var response = await RescindAsync(enrolled["confirmationNumber"]!.GetValue<string>(), new { email = "john.smith@example.com" });

        if (open) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        else Assert.Equal("2026-11-30", (await response.ProblemAsync(409))["windowClosedOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTermsAreGivenOnTheChicagoDateOfTheSubmissionNotTheUtcDate()
    {
        App.Clock.Set(Chicago(11, 23, 23, 30)); // Monday evening in Chicago, already Tuesday in UTC
        var enrolled = await EnrollAsync();

        Assert.Equal("2026-11-27", enrolled["rescindableUntil"]!.GetValue<string>()); // Tuesday, Wednesday, Friday
        App.Clock.Set(Chicago(11, 28, 9, 0));
        var late = await RescindAsync(enrolled["confirmationNumber"]!.GetValue<string>(), new { email = "john.smith@example.com" });
        Assert.Equal("2026-11-27", (await late.ProblemAsync(409))["windowClosedOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyTheEnrollingCustomerOrStaffMayRescindAndAnyoneElseIsToldItDoesNotExist()
    {
        var number = (await EnrollAsync())["confirmationNumber"]!.GetValue<string>();
        await EnrollAsync(Requests.Individual("other@example.com").With(r =>
        {
            r["serviceAddress"] = new JsonObject { ["street"] = "4512 Swiss Avenue", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75204" };
            r["selectedMeterIds"] = new JsonArray(3005);
        }));

        var wrongEmail = await RescindAsync(number, new { email = "other@example.com" });
        Assert.Equal("Enrollment not found", (await wrongEmail.ProblemAsync(404))["title"]!.GetValue<string>());
        using var other = App.CreateClient(() => App.Issuer.Token("kc-other", ["customer"], "other@example.com"));
        await (await RescindAsync(number, new { }, other)).ProblemAsync(404);
        await (await RescindAsync("ENR-NOPE-0000", new { email = "john.smith@example.com" })).ProblemAsync(404);
        var noEmail = await RescindAsync(number, new { });
        Assert.Equal(["email"], (await noEmail.ValidationErrorsAsync()).Keys);
        Assert.Equal("completed", await App.WithDbAsync(db => db.Enrollments.Where(e => e.ConfirmationNumber == number).Select(e => e.Status).SingleAsync()));

        using var john = App.CreateClient(() => App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com"));
        Assert.Equal(HttpStatusCode.OK, (await RescindAsync(number, new { }, john)).StatusCode);
        var again = await RescindAsync(number, new { }, john);
        Assert.Equal("Already rescinded", (await again.ProblemAsync(409))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task StaffMayRescindForTheCustomerAndTheAccessIsAudited()
    {
        var enrolled = await EnrollAsync();
        using var csr = App.CreateClient(() => App.Issuer.Token("kc-csr", ["csr"]));

        var response = await RescindAsync(enrolled["confirmationNumber"]!.GetValue<string>(), new { reason = "Customer called" }, csr);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (audit, change) = await App.WithDbAsync(async db => (
            await db.AccessLog.SingleAsync(a => a.ActorSubject == "kc-csr"),
            await db.CustomerChanges.SingleAsync(c => c.Change == "rescinded")));
        Assert.Equal(enrolled["customerId"]!.GetValue<long>(), audit.CustomerId);
        Assert.Equal("staff:kc-csr", change.Actor);
    }

    [Fact]
    public async Task ABusinessOrAMoveInHasNoRightOfRescission()
    {
        var business = await EnrollAsync(Requests.Business());
        var moveIn = await EnrollAsync(Requests.Individual().With(r => r["enrollmentType"] = "moveIn"));
        Assert.Null(business["rescindableUntil"]);
        Assert.Null(moveIn["rescindableUntil"]);

        var forBusiness = await RescindAsync(business["confirmationNumber"]!.GetValue<string>(), new { email = "accounts@acme.com" });
        var forMoveIn = await RescindAsync(moveIn["confirmationNumber"]!.GetValue<string>(), new { email = "john.smith@example.com" });

        Assert.Contains("residential", (await forBusiness.ProblemAsync(409))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("move-in", (await forMoveIn.ProblemAsync(409))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Contracts.CountAsync(c => c.Status == "cancelled")));
    }

    [Fact]
    public async Task TheConfirmationPageLinksToTheRescissionFormWhichRescindsOnce()
    {
        using var browser = new PortalClient(App.BaseAddress);
        await StartServiceForms.CompleteStepsAsync(browser, "ana@example.com", through: 6);
        await browser.SubmitAsync("/start/review", new Form { { "preferences.billDelivery", "email" }, { "acceptedTerms", "true" }, { "nav", "next" } });
        var number = await App.WithDbAsync(db => db.Enrollments.Select(e => e.ConfirmationNumber).SingleAsync());

        var confirmation = (await browser.GetAsync("/start/confirmation")).Html;
        Assert.Contains($"/start/rescind?confirmationNumber={number}", confirmation, StringComparison.Ordinal);
        Assert.Contains("until the end of November 25, 2026", confirmation, StringComparison.Ordinal);

        using var visitor = new PortalClient(App.BaseAddress);
        var wrong = await visitor.SubmitAsync($"/start/rescind?confirmationNumber={number}", new Form { { "email", "someone@example.com" } });
        Assert.Contains(PortalClient.ErrorMessagesIn(await wrong.Content.ReadAsStringAsync()), m => m.StartsWith("There is no enrollment", StringComparison.Ordinal));
        var done = await visitor.SubmitAsync($"/start/rescind?confirmationNumber={number}", new Form { { "email", "ana@example.com" } });

        Assert.Contains("Your enrollment is rescinded", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("cancelled", await App.WithDbAsync(db => db.Contracts.Select(c => c.Status).SingleAsync()));
        var again = await visitor.SubmitAsync($"/start/rescind?confirmationNumber={number}", new Form { { "email", "ana@example.com" } });
        Assert.Contains(PortalClient.ErrorMessagesIn(await again.Content.ReadAsStringAsync()), m => m.Contains("already rescinded", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RescissionOnSqlite(SqliteApp app) : RescissionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RescissionOnPostgres(PostgresApp app) : RescissionTests(app);
