using System.Net;
using System.Text.Json.Nodes;
using CustomerService.Common;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Journeys;

/// <summary>The US federal holiday calendar and business days, computed for any year.</summary>
public sealed class FederalHolidayTests
{
    [Fact]
    public void The2026HolidaysAreTheElevenFederalOnesOnTheirObservedDays()
    {
        Assert.Equal(
            ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"],
            FederalHolidays.In(2026).Select(h => h.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2027-07-05", true)]  // Independence Day on a Sunday is observed the Monday after
    [InlineData("2027-07-04", false)]
    [InlineData("2026-07-03", true)]  // on a Saturday, the Friday before
    [InlineData("2027-12-31", true)]  // New Year's Day 2028 is a Saturday: observed in the year before
    [InlineData("2028-01-03", false)]
    [InlineData("2022-12-26", true)]  // Christmas on a Sunday
    [InlineData("2021-06-18", true)]  // the first Juneteenth fell on a Saturday
    [InlineData("2020-06-19", false)] // before Juneteenth was a federal holiday
    [InlineData("2031-11-27", true)]  // Thanksgiving: fourth Thursday of November
    [InlineData("2031-05-26", true)]  // Memorial Day: last Monday of May
    [InlineData("2099-01-19", true)]  // Martin Luther King Jr. Day: third Monday of January, any year
    public void HolidaysAreComputedWithTheObservedDayRules(string date, bool holiday) =>
        Assert.Equal(holiday, FederalHolidays.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-21", 2, "2026-11-24")] // Saturday: Monday, Tuesday
    [InlineData("2026-11-24", 2, "2026-11-27")] // Tuesday: Wednesday, (Thanksgiving), Friday
    [InlineData("2026-11-25", 3, "2026-12-01")] // Wednesday: (Thanksgiving), Friday, (weekend), Monday, Tuesday
    [InlineData("2026-12-24", 1, "2026-12-28")] // Christmas Friday and the weekend skipped
    public void BusinessDaysSkipWeekendsAndFederalHolidays(string from, int count, string expected)
    {
        var start = DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ServiceCalendar.AddBusinessDays(start, count));
    }
}

public abstract class EnrollmentTypeTests(CustomerServiceApp app) : ProviderTests(app)
{
    // The test clock's today is Saturday 2026-11-21: the second business day after it is Tuesday the 24th.
    [Theory]
    [InlineData(null, "2026-11-23", false)]
    [InlineData(null, "2026-11-24", true)]
    [InlineData("switch", "2026-11-22", false)]
    [InlineData("switch", "2026-11-24", true)]
    [InlineData("moveIn", "2026-11-22", true)]
    [InlineData("moveIn", "2026-11-21", false)]
    public async Task ASwitchStartsFromTheSecondBusinessDayAndAMoveInFromTomorrow(string? type, string start, bool accepted)
    {
        var request = Requests.Individual(startDate: start).With(r => { if (type is not null) r["enrollmentType"] = type; });

        var response = await Client.EnrollAsync(request);

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(type ?? "switch", (await response.JsonAsync())["enrollmentType"]!.GetValue<string>());
            return;
        }
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["serviceStartDate"], errors.Keys);
        Assert.Contains(type == "moveIn" ? "from 2026-11-22 (tomorrow)" : "from 2026-11-24 (the second business day", errors["serviceStartDate"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASwitchRequestedOnTheTuesdayBeforeThanksgivingStartsFromTheFridayAfter()
    {
        App.Clock.Set(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero));

        var thursday = await Client.EnrollAsync(Requests.Individual(startDate: "2026-11-26").With(r => r["enrollmentType"] = "switch"));
        Assert.Equal(["serviceStartDate"], (await thursday.ValidationErrorsAsync()).Keys);
        var friday = await Client.EnrollAsync(Requests.Individual(startDate: "2026-11-27").With(r => r["enrollmentType"] = "switch"));

        Assert.Equal(HttpStatusCode.Created, friday.StatusCode);
    }

    [Fact]
    public async Task AnUnknownEnrollmentTypeIsRefusedByName()
    {
        var response = await Client.EnrollAsync(Requests.Individual().With(r => r["enrollmentType"] = "transfer"));

        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["enrollmentType"], errors.Keys);
    }

    [Fact]
    public async Task TheEnrollmentRecordAndEnrollmentSubmittedCarryTheType()
    {
        var response = await Client.EnrollAsync(Requests.Individual(startDate: "2026-11-22").With(r => r["enrollmentType"] = "MOVEIN"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var (record, submitted) = await App.WithDbAsync(async db => (
            await db.Enrollments.SingleAsync(),
            await db.OutboxEvents.SingleAsync(e => e.Type == "customer.EnrollmentSubmitted")));
        Assert.Equal("moveIn", record.EnrollmentType);
        Assert.Equal("moveIn", JsonNode.Parse(submitted.Data)!["enrollmentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThePortalAddressStepAsksForTheTypeAndAcceptsAMoveInFromTomorrow()
    {
        using var browser = new PortalClient(App.BaseAddress);
        await StartServiceForms.CompleteStepsAsync(browser, "ana@example.com", through: 2);
        Form Address(string type) => new()
        {
            { "serviceAddress.street", "123 Main Street" }, { "serviceAddress.city", "Anytown" }, { "serviceAddress.zip", "75001" },
            { "enrollmentType", type }, { "serviceStartDate", "2026-11-22" }, { "nav", "next" },
        };

        var asSwitch = await browser.SubmitAsync("/start/address", Address("switch"));
        Assert.Equal(HttpStatusCode.OK, asSwitch.StatusCode);
        Assert.Contains(PortalClient.ErrorMessagesIn(await asSwitch.Content.ReadAsStringAsync()),
            m => m.Contains("Moving in? A move-in can start from tomorrow.", StringComparison.Ordinal));

        var asMoveIn = await browser.SubmitAsync("/start/address", Address("moveIn"));

        Assert.Equal(HttpStatusCode.Redirect, asMoveIn.StatusCode);
        await StartServiceForms.PostAllAsync(browser,
        [
            ("/start/plan", new Form { { "selectedPlanId", "1001" }, { "nav", "next" } }),
            ("/start/meters", new Form { { "selectedMeterIds", "3001" }, { "nav", "next" } }),
            ("/start/mailing", new Form { { "mailingAddress.sameAsService", "true" }, { "nav", "next" } }),
        ]);
        var review = await browser.GetAsync("/start/review");
        Assert.Contains("Move-in (new occupant)", review.Html, StringComparison.Ordinal);
        var submitted = await browser.SubmitAsync("/start/review", new Form { { "preferences.billDelivery", "email" }, { "acceptedTerms", "true" }, { "nav", "next" } });
        Assert.Equal("/start/confirmation", submitted.Headers.Location?.OriginalString);
        Assert.Equal("moveIn", await App.WithDbAsync(db => db.Enrollments.Select(e => e.EnrollmentType).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EnrollmentTypeOnSqlite(SqliteApp app) : EnrollmentTypeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EnrollmentTypeOnPostgres(PostgresApp app) : EnrollmentTypeTests(app);
