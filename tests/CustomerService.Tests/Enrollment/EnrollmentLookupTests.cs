using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Enrollment;

/// <summary>Plans by ZIP, plan documents, meter lookup and address validation.</summary>
public abstract class EnrollmentLookupTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task PlansAtAZipHaveTheSeedsShape()
    {
        var body = await (await Client.GetAsync("/api/enrollment/plans?zip=75001")).JsonAsync();

        Assert.Equal("75001", body["zipCode"]!.GetValue<string>());
        var plans = body["plans"]!.AsArray();
        Assert.Equal([1001L, 1002, 1003, 1004], plans.Select(p => p!["planId"]!.GetValue<long>()));
        var green = plans[0]!.ToJsonString();
        Assert.Equal(
            """{"planId":1001,"name":"Green Energy 12","description":"Lock in a competitive rate with 100% renewable energy from Texas wind farms.","ratePerKwh":11.9,"termMonths":12,"earlyTerminationFee":150.00,"baseCharge":9.95,"renewablePercent":100,"planType":"fixed","features":["100% Wind Energy","Fixed Rate","No Hidden Fees"],"documents":{"eflUrl":"/api/enrollment/plans/1001/efl","tosUrl":"/api/enrollment/plans/1001/tos","yracUrl":"/api/enrollment/plans/1001/yrac"}}""",
            green);
    }

    [Theory]
    [InlineData("79410", new long[] { 1003, 1004 })]       // Lubbock Power & Light
    [InlineData("76701", new long[] { 1001, 1002, 1003 })] // TNMP
    [InlineData("79605", new long[] { 1001, 1003 })]       // AEP Texas North
    [InlineData("78701", new long[0])]                     // Austin Energy: not a competitive territory
    [InlineData("10001", new long[0])]                     // New York
    public async Task PlansFollowTheTerritoryOfTheZip(string zip, long[] planIds)
    {
        var body = await (await Client.GetAsync($"/api/enrollment/plans?zip={zip}")).JsonAsync();

        Assert.Equal(planIds, body["plans"]!.AsArray().Select(p => p!["planId"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData("/api/enrollment/plans?zip=7500")]
    [InlineData("/api/enrollment/plans?zip=ABCDE")]
    [InlineData("/api/enrollment/plans")]
    public async Task AMalformedOrMissingZipIs400(string url)
    {
        var errors = await (await Client.GetAsync(url)).ValidationErrorsAsync();

        Assert.Equal(["zip"], errors.Keys);
    }

    [Fact]
    public async Task OnePlanAndAnUnknownPlan()
    {
        var plan = await (await Client.GetAsync("/api/enrollment/plans/1004")).JsonAsync();
        Assert.Equal("Solar Plus 18", plan["name"]!.GetValue<string>());
        Assert.Equal("/api/enrollment/plans/1004/yrac", plan["documents"]!["yracUrl"]!.GetValue<string>());

        var missing = await (await Client.GetAsync("/api/enrollment/plans/4242")).ProblemAsync(404);
        Assert.Contains("4242", missing["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEflShowsAveragePricesComputedFromTheRateAndBaseCharge()
    {
        var response = await Client.GetAsync("/api/enrollment/plans/1001/efl");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        // (11.9¢ × kWh + $9.95) / kWh
        Assert.Contains("13.9¢", html, StringComparison.Ordinal);
        Assert.Contains("12.9¢", html, StringComparison.Ordinal);
        Assert.Contains("12.4¢", html, StringComparison.Ordinal);
        Assert.Contains("Green Energy 12", html, StringComparison.Ordinal);
        Assert.Contains("$150.00", html, StringComparison.Ordinal);
        Assert.Contains("100%", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tos", "Terms of Service")]
    [InlineData("yrac", "Your Rights as a Customer")]
    public async Task TheOtherPlanDocumentsAreReadableHtml(string document, string heading)
    {
        var html = await Client.GetStringAsync($"/api/enrollment/plans/1002/{document}");

        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains("Value Saver 24", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnUnknownDocumentIs404()
    {
        await (await Client.GetAsync("/api/enrollment/plans/1001/brochure")).ProblemAsync(404);
    }

    [Fact]
    public async Task MetersAtACommercialAddressAreListedFromAnyCommonSpelling()
    {
        var body = await (await Client.GetAsync("/api/enrollment/meters?street=100%20Corporate%20Dr.&unit=Ste%20500&city=Dallas&state=TX&zip=75201")).JsonAsync();

        Assert.Equal("100 Corporate Drive", body["address"]!["street"]!.GetValue<string>());
        Assert.Equal("Suite 500", body["address"]!["unit"]!.GetValue<string>());
        var meters = body["meters"]!.AsArray();
        Assert.Equal([3002L, 3003, 3004], meters.Select(m => m!["meterId"]!.GetValue<long>()));
        Assert.All(meters, m =>
        {
            Assert.Equal("electric", m!["type"]!.GetValue<string>());
            Assert.Equal("available", m["status"]!.GetValue<string>());
            Assert.StartsWith("E-", m["meterNumber"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task EnrolledMetersAreNoLongerAvailable()
    {
        await Client.EnrollAsync(Requests.Individual());

        var body = await (await Client.GetAsync("/api/enrollment/meters?street=123%20Main%20St&zip=75001")).JsonAsync();

        Assert.Empty(body["meters"]!.AsArray());
    }

    [Fact]
    public async Task MeterLookupNeedsAStreetAndAZip()
    {
        var errors = await (await Client.GetAsync("/api/enrollment/meters?city=Dallas&zip=752")).ValidationErrorsAsync();

        Assert.Equal(["street", "zip"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ValidatingAKnownAddressNamesItsTdspAndMeters()
    {
        var response = await Client.PostAsJsonAsync("/api/enrollment/validate-address",
            new { street = "2400 westheimer rd", unit = "apartment 305", city = "houston", state = "tx", zip = "77098" });

        var body = await response.JsonAsync();
        Assert.True(body["served"]!.GetValue<bool>());
        Assert.Equal("CENTERPOINT", body["tdsp"]!["code"]!.GetValue<string>());
        Assert.True(body["servicePointFound"]!.GetValue<bool>());
        Assert.StartsWith("1008901", body["esiId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["metersFound"]!.GetValue<bool>());
        Assert.Equal(1, body["availableMeterCount"]!.GetValue<int>());
        Assert.Equal("2400 Westheimer Road", body["normalizedAddress"]!["street"]!.GetValue<string>());
        Assert.Empty(body["messages"]!.AsArray());
    }

    [Fact]
    public async Task ValidatingAnUnservedAddressSaysWhy()
    {
        var body = await (await Client.PostAsJsonAsync("/api/enrollment/validate-address",
            new { street = "1100 Congress Avenue", city = "Austin", state = "TX", zip = "78701" })).JsonAsync();

        Assert.False(body["served"]!.GetValue<bool>());
        Assert.Null(body["tdsp"]);
        Assert.False(body["metersFound"]!.GetValue<bool>());
        Assert.Equal("1100 CONGRESS AVE", body["normalizedAddress"]!["street"]!.GetValue<string>());
        Assert.Contains("78701", body["messages"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidatingAMalformedAddressIs400()
    {
        var errors = await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", new { street = "", state = "T", zip = "x" })).ValidationErrorsAsync();

        Assert.Equal(["city", "state", "street", "zip"], errors.Keys.Order(StringComparer.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EnrollmentLookupOnSqlite(SqliteApp app) : EnrollmentLookupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EnrollmentLookupOnPostgres(PostgresApp app) : EnrollmentLookupTests(app);
