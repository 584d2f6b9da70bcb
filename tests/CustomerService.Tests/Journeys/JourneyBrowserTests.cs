using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CustomerService.Tests.Journeys;

/// <summary>The stop, move and rescind pages in Chromium on a phone: accessible, nothing scrolling sideways, and they work.</summary>
[Collection(PortalOidcCollection.Name)]
public sealed class JourneyBrowserTests(PortalOidcApp app, Chromium chromium) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ACustomerSchedulesAStopAfterReadingItsConsequencesAndTheMoveAndRescindPagesAreAccessible()
    {
        using var api = app.CreateClient();
        var enrolled = await (await api.EnrollAsync(Requests.Individual("mover@example.com"))).JsonAsync();
        var page = await chromium.NewPageAsync(Chromium.Phone);
        await page.GotoAsync($"{app.BaseAddress}/start/rescind?confirmationNumber={enrolled["confirmationNumber"]!.GetValue<string>()}");
        await PageChecks.AssertAsync(page, "enroll-rescind");

        app.Clock.Set(new DateTimeOffset(2027, 3, 1, 18, 0, 0, TimeSpan.Zero)); // the contract is active
        await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "mover@example.com", "/account/accounts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Move this service to a new address" }).ClickAsync();
        await PageChecks.AssertAsync(page, "account-move-1-address");
        await page.Locator("#serviceAddress-street").FillAsync("4512 Swiss Avenue");
        await page.Locator("#serviceAddress-city").FillAsync("Dallas");
        await page.Locator("#serviceAddress-zip").FillAsync("75204");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Keep Green Energy 12");
        await PageChecks.AssertAsync(page, "account-move-2-details");

        await page.GotoAsync(app.BaseAddress + "/account/accounts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Stop service at this address" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-consequences]")).ToContainTextAsync("If you are moving: no early termination fee");
        await PageChecks.AssertAsync(page, "account-stop-1-consequences");
        await page.Locator("#stopDate").FillAsync("2027-03-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop service at this address" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-scheduled-stop]")).ToContainTextAsync("Service stops on March 10, 2027");
        await PageChecks.AssertAsync(page, "account-stop-2-scheduled");
        Assert.Equal("scheduled", await app.WithDbAsync(db => db.ServiceStops.Select(s => s.Status).SingleAsync()));
    }
}
