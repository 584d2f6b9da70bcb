using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Journeys;

/// <summary>The demo service point at 1918 Greenville Avenue (meter 3055) is under a switch hold.</summary>
public abstract class SwitchHoldTests(CustomerServiceApp app) : ProviderTests(app)
{
    private const long HeldMeter = 3055;

    private static JsonObject AtTheHeldAddress(string? type, bool? proof = null) => Requests.Individual(startDate: "2026-12-01").With(r =>
    {
        r["serviceAddress"] = new JsonObject { ["street"] = "1918 Greenville Ave", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75206" };
        r["selectedMeterIds"] = new JsonArray(HeldMeter);
        if (type is not null) r["enrollmentType"] = type;
        if (proof is not null) r["proofOfOccupancy"] = proof;
    });

    [Theory]
    [InlineData(null)]
    [InlineData("switch")]
    public async Task ASwitchUnderAHoldIsRefusedWithWhatToDoAndNothingIsWritten(string? type)
    {
        var response = await Client.EnrollAsync(AtTheHeldAddress(type, proof: true));

        var problem = await response.ProblemAsync(409);
        Assert.Equal("Switch hold", problem["title"]!.GetValue<string>());
        Assert.Equal("10443720752060032", problem["esiId"]!.GetValue<string>());
        Assert.True(problem["switchHold"]!.GetValue<bool>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("lifted", detail, StringComparison.Ordinal);
        Assert.Contains("enrollmentType moveIn", detail, StringComparison.Ordinal);
        Assert.Equal(0, await App.CountAsync("customers"));
        Assert.Equal("available", await App.WithDbAsync(db => db.Meters.Where(m => m.Id == HeldMeter).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task AMoveInUnderAHoldNeedsProofOfOccupancyAndTheProofIsRecorded()
    {
        var withoutProof = await Client.EnrollAsync(AtTheHeldAddress("moveIn"));
        Assert.Contains("proof of occupancy", (await withoutProof.ProblemAsync(409))["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var withProof = await Client.EnrollAsync(AtTheHeldAddress("moveIn", proof: true));

        Assert.Equal(HttpStatusCode.Created, withProof.StatusCode);
        var (record, submitted) = await App.WithDbAsync(async db => (
            await db.Enrollments.SingleAsync(), await db.OutboxEvents.SingleAsync(e => e.Type == "customer.EnrollmentSubmitted")));
        Assert.Equal(("moveIn", true), (record.EnrollmentType, record.ProofOfOccupancy));
        Assert.True(JsonNode.Parse(submitted.Data)!["proofOfOccupancy"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnAddressWithoutAHoldNeedsNoProofAndASwitchRecordsNone()
    {
        var response = await Client.EnrollAsync(Requests.Individual().With(r => r["proofOfOccupancy"] = true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Enrollments.Select(e => e.ProofOfOccupancy).SingleAsync()));
    }

    [Fact]
    public async Task AddressValidationSaysTheServicePointIsHeld()
    {
        var held = await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", new { street = "1918 Greenville Avenue", city = "Dallas", state = "TX", zip = "75206" })).JsonAsync();
        var free = await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", new { street = "123 Main Street", city = "Addison", state = "TX", zip = "75001" })).JsonAsync();

        Assert.True(held["switchHold"]!.GetValue<bool>());
        Assert.False(free["switchHold"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ThePortalAddressStepReportsTheHoldAndLetsAMoveInWithProofThrough()
    {
        using var browser = new PortalClient(App.BaseAddress);
        await StartServiceForms.CompleteStepsAsync(browser, "ana@example.com", through: 2);
        Form Address(string type, bool proof)
        {
            var form = new Form
            {
                { "serviceAddress.street", "1918 Greenville Avenue" }, { "serviceAddress.city", "Dallas" }, { "serviceAddress.zip", "75206" },
                { "enrollmentType", type }, { "serviceStartDate", "2026-12-01" }, { "nav", "next" },
            };
            if (proof) form.Add("proofOfOccupancy", "true");
            return form;
        }

        var asSwitch = await browser.SubmitAsync("/start/address", Address("switch", proof: false));
        var html = await asSwitch.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, asSwitch.StatusCode);
        Assert.Contains("id=\"enrollmentType-error\"", html, StringComparison.Ordinal);
        Assert.Contains(PortalClient.ErrorMessagesIn(html), m => m.Contains("switch hold", StringComparison.Ordinal));
        var moveInWithoutProof = await browser.SubmitAsync("/start/address", Address("moveIn", proof: false));
        Assert.Contains("id=\"proofOfOccupancy-error\"", await moveInWithoutProof.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var moveIn = await browser.SubmitAsync("/start/address", Address("moveIn", proof: true));

        Assert.Equal("/start/plan", moveIn.Headers.Location?.OriginalString);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SwitchHoldOnSqlite(SqliteApp app) : SwitchHoldTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SwitchHoldOnPostgres(PostgresApp app) : SwitchHoldTests(app);
