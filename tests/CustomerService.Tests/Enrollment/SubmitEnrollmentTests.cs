using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerService.Common;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Enrollment;

public abstract partial class SubmitEnrollmentTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task TheSeedIndividualExampleEnrollsWithEveryResponseField()
    {
        var response = await Client.EnrollAsync(Requests.Individual());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body["success"]!.GetValue<bool>());
        Assert.Matches(ConfirmationPattern(), body["confirmationNumber"]!.GetValue<string>());
        var customerId = body["customerId"]!.GetValue<long>();
        var contractId = body["contractId"]!.GetValue<long>();
        Assert.Matches(@"^CTR-2026-\d{5}$", body["contract"]!["contractNumber"]!.GetValue<string>());
        Assert.Equal("2026-12-01", body["contract"]!["startDate"]!.GetValue<string>());
        Assert.Equal("2027-12-01", body["contract"]!["endDate"]!.GetValue<string>());
        Assert.Equal("pending", body["contract"]!["status"]!.GetValue<string>());
        var accountNumber = body["accountNumber"]!.GetValue<string>();
        Assert.True(AccountNumber.IsValid(accountNumber), $"{accountNumber} has 10 digits and a valid Luhn check digit");
        Assert.True(body["accountId"]!.GetValue<long>() > 0);
        var meter = Assert.Single(body["enrolledMeters"]!.AsArray());
        Assert.Equal(3001, meter!["meterId"]!.GetValue<long>());
        Assert.Equal("E-12345678", meter["meterNumber"]!.GetValue<string>());
        Assert.EndsWith("Z", body["submittedAt"]!.GetValue<string>());
        Assert.Equal(
            ["Confirmation email will be sent to john.smith@example.com",
             "Service activation scheduled for December 1, 2026",
             "First bill will be generated after your first billing cycle, around January 1, 2027"],
            body["nextSteps"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal($"/api/contracts/{contractId}", response.Headers.Location?.OriginalString);

        var stored = await App.WithDbAsync(async db => new
        {
            Customer = await db.Customers.SingleAsync(c => c.Id == customerId),
            Meter = await db.Meters.SingleAsync(m => m.Id == 3001),
            Premise = await db.Premises.SingleAsync(),
            Party = await db.AccountParties.SingleAsync(),
            Contract = await db.Contracts.SingleAsync(),
            Preferences = await db.Preferences.SingleAsync(),
            Changes = await db.CustomerChanges.OrderBy(c => c.Id).Select(c => c.Change).ToListAsync(),
        });
        Assert.Equal("prelive", stored.Customer.Status);
        Assert.Equal("(555) 123-4567", stored.Customer.Phone);
        Assert.Equal("pending", stored.Meter.Status);
        Assert.Equal(stored.Premise.Id, stored.Meter.PremiseId);
        Assert.Equal("Addison", stored.Premise.City);
        Assert.True(stored.Premise.IsPrimary);
        Assert.Equal(("occupier", customerId), (stored.Party.Role, stored.Party.Customer));
        Assert.Equal((11.9m, 150m, 9.95m, 12), (stored.Contract.RatePerKwh, stored.Contract.EarlyTerminationFee, stored.Contract.BaseCharge, stored.Contract.TermMonths));
        Assert.Equal(("email", false, true), (stored.Preferences.BillDelivery, stored.Preferences.MarketingOptIn, stored.Preferences.MailingSameAsPrimary));
        Assert.Equal(["created", "status"], stored.Changes);
    }

    [Fact]
    public async Task TheEnrollmentsEventsAreCloudEventsRowsInOrderWithPerCustomerSequence()
    {
        var body = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        var customerId = body["customerId"]!.GetValue<long>();

        var events = await App.WithDbAsync(db => db.OutboxEvents.OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(
            ["customer.EnrollmentSubmitted", "customer.CustomerCreated", "customer.AccountCreated", "customer.PremiseAdded",
             "customer.MeterEnrolled", "customer.MeterEnrolled", "customer.MeterEnrolled", "customer.ContractCreated",
             "customer.EnrollmentCompleted", "customer.CustomerStatusChanged"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.CustomerSequence));
        Assert.All(events, e =>
        {
            Assert.Equal(customerId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Subject);
            Assert.Equal("urn:ossrep:customer-service", e.Source);
            Assert.Equal("application/json", e.DataContentType);
            Assert.NotEqual(Guid.Empty, e.Id);
            Assert.Null(e.DeliveredAt);
        });
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());

        var contractCreated = JsonNode.Parse(events.Single(e => e.Type == "customer.ContractCreated").Data)!;
        Assert.Equal(body["contractId"]!.GetValue<long>(), contractCreated["contractId"]!.GetValue<long>());
        Assert.Equal("2028-12-15", contractCreated["endDate"]!.GetValue<string>());
        var meterIds = events.Where(e => e.Type == "customer.MeterEnrolled").Select(e => JsonNode.Parse(e.Data)!["meterId"]!.GetValue<long>());
        Assert.Equal(Requests.CorporateDriveMeters, meterIds);
        var status = JsonNode.Parse(events[^1].Data)!;
        Assert.Equal(("onboarding", "prelive"), (status["from"]!.GetValue<string>(), status["to"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheSeedBusinessExampleEnrollsSeveralMetersWithASeparateMailingAddressAndAnEncryptedTaxId()
    {
        var response = await Client.EnrollAsync(Requests.Business());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(Requests.CorporateDriveMeters, body["enrolledMeters"]!.AsArray().Select(m => m!["meterId"]!.GetValue<long>()));
        Assert.Equal("2028-12-15", body["contract"]!["endDate"]!.GetValue<string>());

        var stored = await App.WithDbAsync(async db => new
        {
            Customer = await db.Customers.SingleAsync(),
            Account = await db.Accounts.SingleAsync(),
            Preferences = await db.Preferences.SingleAsync(),
            Meters = await db.Meters.Where(m => Requests.CorporateDriveMeters.Contains(m.Id)).Select(m => m.Status).ToListAsync(),
        });
        Assert.Equal(("business", "Acme Corporation", "corporation"), (stored.Customer.Type, stored.Customer.Name, stored.Customer.BusinessType));
        Assert.Equal(("Jane", "Doe", "Office Manager"), (stored.Customer.ContactFirstName, stored.Customer.ContactLastName, stored.Customer.ContactTitle));
        Assert.NotNull(stored.Customer.TaxIdProtected);
        Assert.DoesNotContain("3456789", stored.Customer.TaxIdProtected, StringComparison.Ordinal);
        Assert.Equal("commercial", stored.Account.Type);
        Assert.Equal(("both", true, false), (stored.Preferences.BillDelivery, stored.Preferences.MarketingOptIn, stored.Preferences.MailingSameAsPrimary));
        Assert.Equal(("PO Box 1234", "Dallas", "TX", "75221"), (stored.Preferences.MailingStreet, stored.Preferences.MailingCity, stored.Preferences.MailingState, stored.Preferences.MailingZip));
        Assert.All(stored.Meters, s => Assert.Equal("pending", s));
    }

    [Theory]
    [InlineData("2027-01-31", 1003, "2027-02-28")]
    [InlineData("2027-01-30", 1003, "2027-02-28")]
    [InlineData("2026-12-31", 1004, "2028-06-30")]
    [InlineData("2027-01-29", 1002, "2029-01-29")]
    public async Task TheEndDateIsTheStartPlusTheTermClampedToTheMonthsLastDay(string start, long plan, string end)
    {
        var response = await Client.EnrollAsync(Requests.Individual(startDate: start).With(r => r["selectedPlanId"] = plan));

        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(end, body["contract"]!["endDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALeapDayStartPlusTwelveMonthsEndsOnTheLastDayOfFebruary()
    {
        App.Clock.Set(new DateTimeOffset(2028, 1, 15, 18, 0, 0, TimeSpan.Zero));

        var body = await (await Client.EnrollAsync(Requests.Individual(startDate: "2028-02-29"))).JsonAsync();

        Assert.Equal("2029-02-28", body["contract"]!["endDate"]!.GetValue<string>());
        Assert.StartsWith("CTR-2028-", body["contract"]!["contractNumber"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-21", false)] // today
    [InlineData("2026-11-22", true)]  // tomorrow
    [InlineData("2027-02-19", true)]  // 90 days ahead
    [InlineData("2027-02-20", false)] // 91 days ahead
    [InlineData("2026-02-30", false)] // no such date
    [InlineData("12/01/2026", false)] // not YYYY-MM-DD
    public async Task AMoveInStartDateMustBeFromTomorrowTo90DaysAhead(string start, bool accepted)
    {
        var response = await Client.EnrollAsync(Requests.Individual(startDate: start).With(r => r["enrollmentType"] = "moveIn"));

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }
        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(["serviceStartDate"], errors.Keys);
    }

    [Fact]
    public async Task TodayIsTodayInChicagoNotInUtc()
    {
        // 04:30 UTC on the 22nd is still 22:30 on the 21st in Chicago, so the 22nd is tomorrow.
        App.Clock.Set(new DateTimeOffset(2026, 11, 22, 4, 30, 0, TimeSpan.Zero));

        var response = await Client.EnrollAsync(Requests.Individual(startDate: "2026-11-22").With(r => r["enrollmentType"] = "moveIn"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task EveryFailingFieldIsReportedAtOnceByItsJsonPath()
    {
        var request = Requests.Individual().With(r =>
        {
            r["firstName"] = " ";
            r["email"] = "not-an-email";
            r["phone"] = "555-1234";
            r["serviceAddress"]!["state"] = "Texas";
            r["serviceAddress"]!["zip"] = "7500";
            r["serviceAddress"]!["city"] = null;
            r["serviceStartDate"] = "2026-11-21";
            r["selectedMeterIds"] = new JsonArray();
            r["preferences"]!["billDelivery"] = "fax";
            r["acceptedTerms"] = false;
        });

        var response = await Client.EnrollAsync(request);

        var errors = await response.ValidationErrorsAsync();
        Assert.Equal(
            new[] { "acceptedTerms", "email", "firstName", "phone", "preferences.billDelivery", "selectedMeterIds", "serviceAddress.city",
                    "serviceAddress.state", "serviceAddress.zip", "serviceStartDate" },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m))));
        Assert.Equal(0, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task BusinessFieldsAreValidated()
    {
        var request = Requests.Business().With(r =>
        {
            r["taxId"] = "123456789";
            r["businessType"] = "conglomerate";
            r["businessName"] = null;
            r["primaryContact"]!["lastName"] = "";
            r["primaryContact"]!["email"] = "jane@";
            r["mailingAddress"]!["state"] = "ZZ";
        });

        var errors = await (await Client.EnrollAsync(request)).ValidationErrorsAsync();

        Assert.Equal(
            new[] { "businessName", "businessType", "mailingAddress.state", "primaryContact.email", "primaryContact.lastName", "taxId" },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("NN-NNNNNNN", errors["taxId"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TX", true)]
    [InlineData("OK", false)]
    public async Task TheServiceAddressMustBeInAServedState(string state, bool accepted)
    {
        var response = await Client.EnrollAsync(Requests.Individual().With(r => r["serviceAddress"]!["state"] = state));

        if (accepted) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        else Assert.Contains("TX", (await response.ValidationErrorsAsync())["serviceAddress.state"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("555.123.4567")]
    [InlineData("+1 555 123 4567")]
    [InlineData("5551234567")]
    public async Task PhoneNumbersAreStoredAsParenthesizedTenDigits(string phone)
    {
        var response = await Client.EnrollAsync(Requests.Individual().With(r => r["phone"] = phone));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("(555) 123-4567", await App.WithDbAsync(db => db.Customers.Select(c => c.Phone).SingleAsync()));
    }

    [Fact]
    public async Task AnUnknownPlanIsA400NamingIt()
    {
        var errors = await (await Client.EnrollAsync(Requests.Individual().With(r => r["selectedPlanId"] = 9999))).ValidationErrorsAsync();

        Assert.Contains("9999", Assert.Single(errors["selectedPlanId"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlanNotOfferedAtTheZipIsRejected()
    {
        // Value Saver 24 (1002) is not offered by Lubbock Power & Light.
        var request = Requests.Individual().With(r =>
        {
            r["serviceAddress"] = new JsonObject { ["street"] = "2409 19th Street", ["city"] = "Lubbock", ["state"] = "TX", ["zip"] = "79410" };
            r["selectedPlanId"] = 1002;
            r["selectedMeterIds"] = new JsonArray(3050);
        });

        var errors = await (await Client.EnrollAsync(request)).ValidationErrorsAsync();

        Assert.Equal(["selectedPlanId"], errors.Keys);
        Assert.Contains("not offered", errors["selectedPlanId"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMetersAndMetersAtAnotherAddressAreNamed()
    {
        var request = Requests.Individual().With(r => r["selectedMeterIds"] = new JsonArray(3001, 99999, 3002));

        var errors = await (await Client.EnrollAsync(request)).ValidationErrorsAsync();

        Assert.Equal(["selectedMeterIds[1]", "selectedMeterIds[2]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("99999", errors["selectedMeterIds[1]"][0], StringComparison.Ordinal);
        Assert.Contains("not at the service address", errors["selectedMeterIds[2]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressWithNoServicePointIsRejected()
    {
        var errors = await (await Client.EnrollAsync(Requests.Individual().With(r => r["serviceAddress"]!["street"] = "125 Main Street"))).ValidationErrorsAsync();

        Assert.Contains("serviceAddress", errors.Keys);
    }

    [Fact]
    public async Task AZipOutsideEveryTerritoryIsRejected()
    {
        var errors = await (await Client.EnrollAsync(Requests.Individual().With(r => r["serviceAddress"]!["zip"] = "78701"))).ValidationErrorsAsync();

        Assert.Contains("outside", errors["serviceAddress.zip"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123 main st.", null)]
    [InlineData("123  MAIN   STREET", "")]
    public async Task AddressesAreNormalizedBeforeTheMeterLookup(string street, string? unit)
    {
        var response = await Client.EnrollAsync(Requests.Individual().With(r =>
        {
            r["serviceAddress"]!["street"] = street;
            r["serviceAddress"]!["unit"] = unit;
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AUnitTypedIntoTheStreetLineStillMatches()
    {
        var response = await Client.EnrollAsync(Requests.Business().With(r =>
        {
            r["serviceAddress"]!["street"] = "100 corporate dr., ste 500";
            r["serviceAddress"]!["unit"] = null;
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AMeterAlreadyEnrolledIsAConflict()
    {
        await Client.EnrollAsync(Requests.Individual());

        var response = await Client.EnrollAsync(Requests.Individual(email: "someone.else@example.com"));

        var problem = await response.ProblemAsync(409);
        Assert.Equal([3001L], problem["meterIds"]!.AsArray().Select(m => m!.GetValue<long>()));
        Assert.Equal(1, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task AnExistingEmailIsAConflictThatSaysToSignIn()
    {
        await Client.EnrollAsync(Requests.Individual());

        var response = await Client.EnrollAsync(Requests.Business(email: "John.Smith@Example.com"));

        var problem = await response.ProblemAsync(409);
        Assert.Contains("Sign in", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("customers"));
        Assert.Equal("available", await App.WithDbAsync(db => db.Meters.Where(m => m.Id == 3002).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyAndBodyReturnTheFirstResponseAgain()
    {
        var first = await Client.EnrollAsync(Requests.Individual(), "key-123");
        var again = await Client.EnrollAsync(Requests.Individual(), "key-123");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(JsonNode.Parse(await first.Content.ReadAsStringAsync())!.ToJsonString(), JsonNode.Parse(await again.Content.ReadAsStringAsync())!.ToJsonString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await App.CountAsync("customers"));
        Assert.Equal(1, await App.CountAsync("contracts"));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyWithAnotherBodyIs422()
    {
        await Client.EnrollAsync(Requests.Individual(), "key-456");

        var response = await Client.EnrollAsync(Requests.Individual(email: "other@example.com"), "key-456");

        await response.ProblemAsync(422);
        Assert.Equal(1, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneIdempotencyKeyCreateOneCustomer()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.EnrollAsync(Requests.Individual(), "same-key")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var confirmations = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync())["confirmationNumber"]!.GetValue<string>()));
        Assert.Single(confirmations.Distinct());
        Assert.Equal(1, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task TwentyConcurrentEnrollmentsForOneMeterLetExactlyOneSucceed()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.EnrollAsync(Requests.Individual(email: $"racer{i}@example.com"))));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(19, statuses.Count(s => s == 409));
        Assert.Equal(1, await App.CountAsync("customers"));
        Assert.Equal(1, await App.CountAsync("accounts"));
        Assert.Equal(1, await App.CountAsync("contracts"));
        Assert.Equal(1, await App.CountAsync("premises"));
        Assert.Equal(8, await App.CountAsync("outbox_events")); // one individual enrollment's events
    }

    [Fact]
    public async Task AFailureAfterRowsWereWrittenLeavesNoRowsAndNoEvents()
    {
        await Client.EnrollAsync(Requests.Individual());
        var before = await Counts();
        // Rewind the contract counter: the next contract number collides with the first one, failing the
        // transaction after the customer, account, premise and meter claim were written.
        await App.WithDbAsync(db => db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlRawAsync("SELECT setval('\"number_contract-2026\"', last_value - 1) FROM \"number_contract-2026\"")
            : db.Database.ExecuteSqlRawAsync("UPDATE number_sequences SET last_value = last_value - 1 WHERE name = 'contract-2026'"));

        var response = await Client.EnrollAsync(Requests.Business());

        var problem = await response.ProblemAsync(500);
        Assert.DoesNotContain("contract", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await Counts());
        Assert.Equal(3, await App.WithDbAsync(db => db.Meters.CountAsync(m => Requests.CorporateDriveMeters.Contains(m.Id) && m.Status == "available" && m.PremiseId == null)));
    }

    private async Task<string> Counts()
    {
        var tables = new[] { "customers", "accounts", "customer_accounts", "premises", "contracts", "contract_accounts", "customer_preferences", "enrollments", "customer_changes", "outbox_events" };
        var counts = new List<string>();
        foreach (var t in tables) counts.Add($"{t}={await App.CountAsync(t)}");
        return string.Join(", ", counts);
    }

    [GeneratedRegex("^ENR-[0-9A-Z]{6,10}-[0-9A-Z]{4}$")]
    private static partial Regex ConfirmationPattern();
}

[Collection(SqliteCollection.Name)]
public sealed class SubmitEnrollmentOnSqlite(SqliteApp app) : SubmitEnrollmentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SubmitEnrollmentOnPostgres(PostgresApp app) : SubmitEnrollmentTests(app);

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyRetentionTests(SqliteApp app) : ProviderTests(app)
{
    [Fact]
    public async Task RememberedResponsesAreForgottenAfterTheRetentionPeriod()
    {
        await Client.EnrollAsync(Requests.Individual(), "key-old");
        var pruner = App.Services.GetRequiredService<CustomerService.Features.Enrollment.IdempotencyKeyPruner>();

        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
        App.Clock.Set(App.Clock.GetUtcNow().AddHours(73));
        Assert.Equal(1, await pruner.PruneAsync(CancellationToken.None));

        Assert.Equal(0, await App.CountAsync("idempotency_keys"));
    }
}
