using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.SelfService;

/// <summary>
/// The meter reads take one round trip on one connection, the signed-in customer found by the same statement, and
/// answer what they answered before: the last reading, a page of readings with the usage since each one's previous
/// read (before the page or the window too), the total in the window.
/// </summary>
public abstract class MeterReadRoundTripTests(CustomerServiceApp app) : ProviderTests(app)
{
    private sealed record Enrolled(long CustomerId, HttpClient Client);

    private const long Meter = 3002;

    /// <summary>A meter at no premise (available to enroll).</summary>
    private const long UninstalledMeter = 3005;

    /// <summary>
    /// What metering posts for each of Acme's meters: a read a day from 2027-01-01 to 2027-12-15 except on the 10th
    /// (a missed read, so that a previous read is not always the day before), with uneven consumption.
    /// </summary>
    private static readonly (DateOnly Date, decimal Kwh)[] History = Enumerable.Range(0, 349)
        .Select(day => (Date: new DateOnly(2027, 1, 1).AddDays(day), Kwh: 1000m + day * 12.5m + day % 7 * 0.25m))
        .Where(read => read.Date.Day != 10).ToArray();

    // The first request links the sign-in to the customer (a write, once); the counts are of every request after it.
    private async Task<Enrolled> EnrollAsync(JsonObject request)
    {
        var (body, client) = await App.EnrollAndSignInAsync(Client, request);
        return new Enrolled(body["customerId"]!.GetValue<long>(), client);
    }

    /// <summary>A business on three meters with the <see cref="History"/> of reads on each.</summary>
    private async Task<Enrolled> BusinessWithHistoryAsync()
    {
        var acme = await EnrollAsync(Requests.Business());
        await PostHistoryAsync();
        return acme;
    }

    private async Task PostHistoryAsync()
    {
        using var metering = App.CreateClient(() => App.Issuer.Token("billing-service", ["service"]));
        App.Clock.Set(new DateTimeOffset(2027, 12, 15, 18, 0, 0, TimeSpan.Zero));
        var meters = await App.WithDbAsync(db => db.Meters.Where(m => Requests.CorporateDriveMeters.Contains(m.Id)).Select(m => m.MeterNumber).ToListAsync());
        foreach (var number in meters)
        {
            var reads = History.Select(r => new { meterNumber = number, readDate = Iso(r.Date), cumulativeKwh = r.Kwh }).ToArray();
            Assert.Equal(HttpStatusCode.OK, (await metering.PostAsJsonAsync("/api/metering/reads", new { reads })).StatusCode);
        }
    }

    /// <summary>The readings the history gives for a window and page: newest first, each with the usage since the read before it.</summary>
    private static List<(string Date, decimal Reading, decimal? Usage)> Expected(DateOnly? from, DateOnly? to, int page, int pageSize)
    {
        var newestFirst = History.AsEnumerable().Reverse().ToList();
        return newestFirst.Select((r, i) => (r.Date, Reading: r.Kwh, Usage: i + 1 < newestFirst.Count ? r.Kwh - newestFirst[i + 1].Kwh : (decimal?)null))
            .Where(r => (from is null || r.Date >= from) && (to is null || r.Date <= to))
            .Skip((page - 1) * pageSize).Take(pageSize).Select(r => (Iso(r.Date), r.Reading, r.Usage)).ToList();
    }

    private static List<(string Date, decimal Reading, decimal? Usage)> Readings(JsonObject body) =>
        body["readings"]!.AsArray().Select(r => (r!["readDate"]!.GetValue<string>(), r["reading"]!.GetValue<decimal>(), r["usage"]?.GetValue<decimal>())).ToList();

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AMetersDetailTakesOneRoundTripTheSignInLookUpIncluded()
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/meters/{Meter}");

        var body = await response.JsonAsync();
        Assert.Equal((Meter, "kWh", "electric"), (body["meterId"]!.GetValue<long>(), body["unit"]!.GetValue<string>(), body["type"]!.GetValue<string>()));
        Assert.Equal((5351.25m, "2027-12-15"), (body["lastReading"]!.GetValue<decimal>(), body["lastReadingDate"]!.GetValue<string>()));
        Assert.Equal(("100 Corporate Drive", "Suite 500", "75201"),
            (body["premise"]!["street"]!.GetValue<string>(), body["premise"]!["unit"]!.GetValue<string>(), body["premise"]!["zip"]!.GetValue<string>()));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task AMeterWithoutReadsHasNoLastReading()
    {
        var acme = await EnrollAsync(Requests.Business());

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/meters/{Meter}");

        var body = await response.JsonAsync();
        Assert.Equal(Meter, body["meterId"]!.GetValue<long>());
        Assert.Null(body["lastReading"]);
        Assert.Null(body["lastReadingDate"]);
        statements.AssertOneStatementThatFindsTheCustomer();
        var readings = await (await acme.Client.GetAsync($"/api/meters/{Meter}/readings")).JsonAsync();
        Assert.Equal(0, readings["totalCount"]!.GetValue<int>());
        Assert.Empty(readings["readings"]!.AsArray());
    }

    [Theory]
    [InlineData(1, 5)] // the oldest read on the page (Dec 11) measured from Dec 9, before the page: the 10th has no read
    [InlineData(2, 10)]
    [InlineData(34, 10)] // the last page: its oldest read, the first ever, has no usage
    [InlineData(40, 10)] // past the end: no readings, the total all the same
    public async Task APageOfReadingsTakesOneRoundTripTheSignInLookUpIncluded(int page, int pageSize)
    {
        var acme = await BusinessWithHistoryAsync();

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/meters/{Meter}/readings?page={page}&pageSize={pageSize}");

        var body = await response.JsonAsync();
        Assert.Equal((Meter, "kWh", page, pageSize, 337), (body["meterId"]!.GetValue<long>(), body["unit"]!.GetValue<string>(),
            body["page"]!.GetValue<int>(), body["pageSize"]!.GetValue<int>(), body["totalCount"]!.GetValue<int>()));
        Assert.Equal(Expected(null, null, page, pageSize), Readings(body));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task TheUsageOfThePagesOldestReadIsMeasuredFromTheReadBeforeThePage()
    {
        var acme = await BusinessWithHistoryAsync();

        var body = await (await acme.Client.GetAsync($"/api/meters/{Meter}/readings?pageSize=5")).JsonAsync();

        Assert.Equal(["2027-12-15", "2027-12-14", "2027-12-13", "2027-12-12", "2027-12-11"], body["readings"]!.AsArray().Select(r => r!["readDate"]!.GetValue<string>()));
        // Dec 11 (day 344): 1000 + 344 × 12.5 + 1 × 0.25 = 5300.25; Dec 9 (day 342): 1000 + 342 × 12.5 + 6 × 0.25 = 5276.5.
        Assert.Equal((5300.25m, 23.75m), (body["readings"]![4]!["reading"]!.GetValue<decimal>(), body["readings"]![4]!["usage"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData("2027-03-01", "2027-03-31", 1, 31)] // Mar 1 measured from Feb 28, outside the window
    [InlineData("2027-03-01", "2027-03-31", 2, 7)]
    [InlineData("2027-03-01", "2027-03-31", 3, 10)] // the window's last page, full: Mar 1 from Feb 28 all the same
    [InlineData("2027-12-01", null, 1, 31)]
    [InlineData(null, "2027-01-05", 1, 31)] // the first read ever has no usage
    [InlineData("2027-06-10", "2027-06-10", 1, 31)] // a day without a read
    public async Task AWindowOfReadingsTakesOneRoundTripTheSignInLookUpIncluded(string? from, string? to, int page, int pageSize)
    {
        var acme = await BusinessWithHistoryAsync();
        var (fromDate, toDate) = (from is null ? (DateOnly?)null : DateOnly.Parse(from, CultureInfo.InvariantCulture), to is null ? (DateOnly?)null : DateOnly.Parse(to, CultureInfo.InvariantCulture));
        var query = string.Join('&', new[] { from is null ? null : $"from={from}", to is null ? null : $"to={to}", $"page={page}", $"pageSize={pageSize}" }.OfType<string>());

        var (response, statements) = await acme.Client.GetCountingAsync(App, $"/api/meters/{Meter}/readings?{query}");

        var body = await response.JsonAsync();
        Assert.Equal((from, to), (body["from"]?.GetValue<string>(), body["to"]?.GetValue<string>()));
        Assert.Equal(History.Count(r => (fromDate is null || r.Date >= fromDate) && (toDate is null || r.Date <= toDate)), body["totalCount"]!.GetValue<int>());
        Assert.Equal(Expected(fromDate, toDate, page, pageSize), Readings(body));
        statements.AssertOneStatementThatFindsTheCustomer();
    }

    [Fact]
    public async Task MarchsReadingsAreThirtyWithTheUsageOfTheFirstFromTheLastOfFebruary()
    {
        var acme = await BusinessWithHistoryAsync();

        var body = await (await acme.Client.GetAsync($"/api/meters/{Meter}/readings?from=2027-03-01&to=2027-03-31")).JsonAsync();

        Assert.Equal((30, 31), (body["totalCount"]!.GetValue<int>(), body["pageSize"]!.GetValue<int>()));
        var oldest = body["readings"]!.AsArray()[^1]!;
        // Mar 1 (day 59): 1000 + 59 × 12.5 + 3 × 0.25 = 1738.25; Feb 28 (day 58): 1000 + 58 × 12.5 + 2 × 0.25 = 1725.5.
        Assert.Equal(("2027-03-01", 1738.25m, 12.75m), (oldest["readDate"]!.GetValue<string>(), oldest["reading"]!.GetValue<decimal>(), oldest["usage"]!.GetValue<decimal>()));
        // Mar 11 (day 69: 6 × 0.25) measured from Mar 9 (day 67: 4 × 0.25): two days.
        var eleventh = body["readings"]!.AsArray().Single(r => r!["readDate"]!.GetValue<string>() == "2027-03-11")!;
        Assert.Equal(25.5m, eleventh["usage"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task AnotherCustomersMeterAndOneAtNoPremiseAreNotFound()
    {
        var john = await EnrollAsync(Requests.Individual());
        var acme = await BusinessWithHistoryAsync();
        Assert.Null(await App.WithDbAsync(db => db.Meters.Where(m => m.Id == UninstalledMeter).Select(m => m.PremiseId).SingleAsync()));

        foreach (var path in new[] { $"/api/meters/{Meter}", $"/api/meters/{Meter}/readings", $"/api/meters/{UninstalledMeter}", $"/api/meters/{UninstalledMeter}/readings", "/api/meters/999999", "/api/meters/999999/readings" })
        {
            var problem = await (await john.Client.GetAsync(path)).ProblemAsync(404);
            Assert.True(problem["title"]!.GetValue<string>() == "Meter not found", path);
        }
        Assert.Equal(HttpStatusCode.OK, (await acme.Client.GetAsync($"/api/meters/{Meter}")).StatusCode);
    }

    [Fact]
    public async Task StaffReadACustomersMeterByItsId()
    {
        var acme = await BusinessWithHistoryAsync();
        using var csr = App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));

        var meter = await (await csr.GetAsync($"/api/meters/{Meter}?customerId={acme.CustomerId}")).JsonAsync();
        var readings = await (await csr.GetAsync($"/api/meters/{Meter}/readings?customerId={acme.CustomerId}&pageSize=5")).JsonAsync();

        Assert.Equal((5351.25m, "2027-12-15"), (meter["lastReading"]!.GetValue<decimal>(), meter["lastReadingDate"]!.GetValue<string>()));
        Assert.Equal(Expected(null, null, 1, 5), Readings(readings));
    }

    [Fact]
    public async Task AFirstSignInWhoseFirstRequestIsAMeterReadIsLinkedAndAnswered()
    {
        var acme = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        var john = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        await PostHistoryAsync();
        using var acmeClient = App.CreateClient(() => App.Issuer.Token("kc-acme-meter", ["customer"], Requests.Business()["email"]!.GetValue<string>()));
        using var johnClient = App.CreateClient(() => App.Issuer.Token("kc-john-readings", ["customer"], Requests.Individual()["email"]!.GetValue<string>()));

        var meter = await (await acmeClient.GetAsync($"/api/meters/{Meter}")).JsonAsync();
        var readings = await (await johnClient.GetAsync($"/api/meters/{Requests.MainStreetMeter}/readings")).JsonAsync();

        Assert.Equal((5351.25m, "2027-12-15"), (meter["lastReading"]!.GetValue<decimal>(), meter["lastReadingDate"]!.GetValue<string>()));
        Assert.Equal((Requests.MainStreetMeter, 0), (readings["meterId"]!.GetValue<long>(), readings["totalCount"]!.GetValue<int>()));
        Assert.Equal("kc-acme-meter", await App.WithDbAsync(db => db.Customers.Where(c => c.Id == acme["customerId"]!.GetValue<long>()).Select(c => c.Subject).SingleAsync()));
        Assert.Equal("kc-john-readings", await App.WithDbAsync(db => db.Customers.Where(c => c.Id == john["customerId"]!.GetValue<long>()).Select(c => c.Subject).SingleAsync()));
    }

    [Fact]
    public async Task ASignInLinkedToNoCustomerIsToldSoBeforeAnyValidationError()
    {
        var john = await EnrollAsync(Requests.Individual());
        using var stranger = App.CreateClient(() => App.Issuer.Token("kc-stranger", ["customer"], "john.smith@example.com", emailVerified: false));

        foreach (var path in new[] { "/api/meters/3001", "/api/meters/3001/readings", "/api/meters/999999", "/api/meters/3001/readings?page=0&from=2027-02-01&to=2027-01-01" })
        {
            var problem = await (await stranger.GetAsync(path)).ProblemAsync(404);
            Assert.True(problem["title"]!.GetValue<string>() == "No customer is linked to this sign-in", path);
        }
        var errors = await (await john.Client.GetAsync("/api/meters/3001/readings?page=0&pageSize=367&from=2027-02-01&to=2027-01-01")).ValidationErrorsAsync();
        Assert.Equal(["from", "page", "pageSize"], errors.Keys.Order(StringComparer.Ordinal));
        // A page so far out that its offset would not count in an int: refused, not a 500 from a negative OFFSET.
        var tooFar = await (await john.Client.GetAsync($"/api/meters/3001/readings?page={CustomerService.Features.Meters.CustomerMeters.MaxPage + 1}&pageSize=366")).ValidationErrorsAsync();
        Assert.Equal([$"Pages go up to {CustomerService.Features.Meters.CustomerMeters.MaxPage}."], tooFar["page"]);
        var last = await (await john.Client.GetAsync($"/api/meters/3001/readings?page={CustomerService.Features.Meters.CustomerMeters.MaxPage}&pageSize=366")).JsonAsync();
        Assert.Empty(last["readings"]!.AsArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MeterReadRoundTripsOnSqlite(SqliteApp app) : MeterReadRoundTripTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MeterReadRoundTripsOnPostgres(PostgresApp app) : MeterReadRoundTripTests(app);
