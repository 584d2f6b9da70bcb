using CustomerService.Features.Billing;
using CustomerService.Features.Contracts;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CustomerService.Tests.Portal;

/// <summary>
/// The signed-in portal in Chromium, after signing in through a real OpenID provider (tests/oidc-provider) with
/// code + PKCE: the dashboard shows the signed-in customer's figures and nobody else's, and contracts are renewed and
/// cancelled from the contracts page with the fee stated before confirming.
/// </summary>
[Collection(PortalOidcCollection.Name)]
public sealed class SignedInBrowserTests(PortalOidcApp app, Chromium chromium) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TheDashboardShowsTheSignedInCustomersFiguresAndNotAnothers()
    {
        using var api = app.CreateClient();
        var alice = await (await api.EnrollAsync(Requests.Individual("alice@example.com"))).JsonAsync();
        var acme = await (await api.EnrollAsync(Requests.Business("bob@acme.example"))).JsonAsync();
        var aliceAccount = alice["accountNumber"]!.GetValue<string>();
        var acmeAccount = acme["accountNumber"]!.GetValue<string>();
        await PushFactsAsync(
            [
                new("B-A1", aliceAccount, new(2026, 10, 5), new(2026, 10, 25), 120.10m, "paid"),
                new("B-A2", aliceAccount, new(2026, 11, 5), new(2026, 11, 25), 101.25m, "unpaid"),
                new("B-B1", acmeAccount, new(2026, 11, 5), new(2026, 11, 28), 4321.00m, "unpaid"),
            ],
            [
                new("E-12345678", new(2026, 9, 20), 1000m),
                new("E-12345678", new(2026, 10, 20), 1800m), // the latest read on or before 30 days ago
                new("E-12345678", new(2026, 11, 20), 2450.5m),
            ]);

        foreach (var width in new[] { Chromium.Desktop, Chromium.Phone })
        {
            var page = await chromium.NewPageAsync(width);
            await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "alice@example.com");
            Assert.Equal($"{app.BaseAddress}/account", page.Url);

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome, John Smith");
            await Assertions.Expect(page.Locator("[data-total-due]")).ToHaveTextAsync("$101.25");
            await Assertions.Expect(page.Locator(".stats")).ToContainTextAsync("November 25, 2026");
            await Assertions.Expect(page.Locator("[data-account-count]")).ToHaveTextAsync("1");
            await Assertions.Expect(page.Locator("[data-usage=electric]")).ToHaveTextAsync("650.5 kWh");
            await Assertions.Expect(page.Locator("[data-bill]")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("[data-active-contract]")).ToHaveCountAsync(0); // service starts December 1
            await Assertions.Expect(page.Locator("[data-upcoming-contract]")).ToContainTextAsync("Starts on December 1, 2026 and runs to December 1, 2027");
            var html = await page.ContentAsync();
            Assert.Contains(aliceAccount, html, StringComparison.Ordinal);
            Assert.DoesNotContain(acmeAccount, html, StringComparison.Ordinal);
            Assert.DoesNotContain("B-B1", html, StringComparison.Ordinal);
            Assert.DoesNotContain("4,321.00", html, StringComparison.Ordinal);
            await PageChecks.AssertAsync(page, "account-dashboard");

            await page.GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Account {aliceAccount}" })).ToBeVisibleAsync();
            await PageChecks.AssertAsync(page, "account-accounts");
            await page.GetByRole(AriaRole.Link, new() { Name = "E-12345678" }).ClickAsync();
            // Two periods have a previous read to measure from: 800 kWh to Oct 20, 650.5 kWh to Nov 20.
            await Assertions.Expect(page.Locator("svg.chart rect.bar")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("svg.chart desc")).ToContainTextAsync("1,450.5 kWh in all");
            // The chart's labels stay readable when the chart shrinks to a phone's width.
            var labelHeight = await page.Locator("svg.chart text:not(.minor)").First.EvaluateAsync<double>("t => t.getBoundingClientRect().height");
            Assert.True(labelHeight >= 10, $"chart labels are {labelHeight:0.#}px tall at {width}px");
            await PageChecks.AssertAsync(page, "account-meter");

            await page.GotoAsync(app.BaseAddress + "/account/profile");
            await PageChecks.AssertAsync(page, "account-profile");
            await page.GotoAsync(app.BaseAddress + "/account/preferences");
            await PageChecks.AssertAsync(page, "account-preferences");
        }

        // The business's own sign-in sees its own figures.
        var business = await chromium.NewPageAsync();
        await PortalSignIn.SignInThroughProviderAsync(business, app.BaseAddress, "bob@acme.example");
        await Assertions.Expect(business.Locator("[data-total-due]")).ToHaveTextAsync("$4,321.00");
        await Assertions.Expect(business.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome, Acme Corporation");
        Assert.DoesNotContain(aliceAccount, await business.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASeparateMailingAddressChosenInTheBrowserIsSavedAndShownAfterAReload()
    {
        using var api = app.CreateClient();
        await api.EnrollAsync(Requests.Individual("mail.elsewhere@example.com"));
        var page = await chromium.NewPageAsync(Chromium.Phone);
        await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "mail.elsewhere@example.com", "/account/preferences");

        await Assertions.Expect(page.GetByLabel("Street address")).ToBeHiddenAsync(); // same as the premise: no fields to fill
        await page.GetByLabel("Send mail to a different address").CheckAsync();
        await page.GetByLabel("Street address").FillAsync("PO Box 4410");
        await page.GetByLabel("City").FillAsync("Austin");
        await page.GetByLabel("State").FillAsync("TX");
        await page.GetByLabel("ZIP code").FillAsync("78701");
        await page.GetByLabel("By mail").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync("Your preferences are saved.");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Send mail to a different address")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Street address")).ToHaveValueAsync("PO Box 4410");
        await Assertions.Expect(page.GetByLabel("By mail")).ToBeCheckedAsync();
        var prefs = await app.WithDbAsync(db => db.Preferences.AsNoTracking().SingleAsync());
        Assert.Equal((false, "PO Box 4410", "78701", "mail"), (prefs.MailingSameAsPrimary, prefs.MailingStreet, prefs.MailingZip, prefs.BillDelivery));
        await PageChecks.AssertAsync(page, "account-preferences-mailing");
    }

    [Theory]
    [InlineData(Chromium.Desktop)]
    [InlineData(Chromium.Phone)]
    public async Task ASignedInCustomerAddsServiceAtAnotherAddressFromTheAccountsPage(int width)
    {
        using var api = app.CreateClient();
        await api.EnrollAsync(Requests.Individual("second.home@example.com"));
        var page = await chromium.NewPageAsync(width);
        await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "second.home@example.com", "/account/accounts");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add service at another address" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-enrolling-customer]")).ToContainTextAsync("You're signed in as John Smith");
        await PageChecks.AssertAsync(page, "enroll-signed-in-1-customer");
        await StartServiceSteps.NextAsync(page);
        await Assertions.Expect(page.Locator("[data-enrolling-customer]")).ToContainTextAsync("second.home@example.com");
        await StartServiceSteps.NextAsync(page);

        await Assertions.Expect(page.Locator(".step-count")).ToHaveTextAsync("Step 3 of 7");
        await StartServiceSteps.FillServiceAddressAsync(page, "908 Elm Street", "Apt 12B", "Dallas", "75202", "2026-12-15");
        await StartServiceSteps.NextAsync(page);
        await page.GetByLabel("Value Saver 24").CheckAsync();
        await StartServiceSteps.NextAsync(page);
        await Assertions.Expect(page.Locator("input[name=selectedMeterIds]:checked")).ToHaveCountAsync(1); // the only meter at the new address
        await StartServiceSteps.NextAsync(page);
        await StartServiceSteps.NextAsync(page); // mailing: the service address
        await Assertions.Expect(page.Locator("#summary-customer + dl")).ToContainTextAsync("John Smith");
        await Assertions.Expect(page.Locator("[data-preferences-kept]")).ToBeVisibleAsync(); // their preferences stay as they are
        await Assertions.Expect(page.GetByLabel("Send me news and offers by email. You can stop them at any time.")).ToHaveCountAsync(0);
        await page.GetByLabel("I have read and accept").CheckAsync();
        await PageChecks.AssertAsync(page, "enroll-signed-in-7-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit enrollment" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're enrolled" })).ToBeVisibleAsync();
        await PageChecks.AssertAsync(page, "enroll-signed-in-8-confirmation");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your dashboard" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-account-count]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-upcoming-contract]")).ToHaveCountAsync(2);
        Assert.Equal(1, await app.CountAsync("customers"));
        await app.ResetAsync(); // the next width enrolls the same customer again
    }

    [Fact]
    public async Task AContractIsRenewedAndTheRenewalCancelledFromTheContractsPage()
    {
        using var api = app.CreateClient();
        var enrolled = await (await api.EnrollAsync(Requests.Individual("renew@example.com"))).JsonAsync(); // Green Energy 12, Dec 1 2026 – Dec 1 2027
        var oldNumber = enrolled["contract"]!["contractNumber"]!.GetValue<string>();
        app.Clock.Set(new DateTimeOffset(2027, 10, 15, 17, 0, 0, TimeSpan.Zero)); // 47 days before the end: renewable
        var page = await chromium.NewPageAsync();
        await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "renew@example.com", "/account/contracts");

        var current = page.Locator($"[data-contract='{oldNumber}']");
        await Assertions.Expect(current.Locator(".status")).ToHaveTextAsync("active");
        await PageChecks.AssertAsync(page, "account-contracts");
        await current.GetByRole(AriaRole.Link, new() { Name = $"Renew contract {oldNumber}" }).ClickAsync();

        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("The new contract starts on December 2, 2027");
        await Assertions.Expect(page.Locator("[data-renewal-terms='1004']")).ToContainTextAsync("December 2, 2027 to June 2, 2029");
        await Assertions.Expect(page.Locator("[data-renewal-terms='1004']")).ToContainTextAsync("Early termination fee: $175.00");
        await page.GetByLabel("Solar Plus 18").CheckAsync();
        await PageChecks.AssertAsync(page, "account-renew");
        await page.GetByRole(AriaRole.Button, new() { Name = "Renew contract" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync("on Solar Plus 18 runs from December 2, 2027 to June 2, 2029");
        var renewal = await app.WithDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(c => c.RenewedFromContractId != null));
        Assert.Equal((1004L, new DateOnly(2027, 12, 2), "pending"), (renewal.PlanId, renewal.StartDate, renewal.Status));
        Assert.Equal(ContractStatus.Renewed, await app.WithDbAsync(db => db.Contracts.Where(c => c.ContractNumber == oldNumber).Select(c => c.Status).SingleAsync()));

        // The renewal has not started: cancelling it costs nothing, and the page says so before asking.
        await page.Locator($"[data-contract='{renewal.ContractNumber}']").GetByRole(AriaRole.Link, new() { Name = $"Cancel contract {renewal.ContractNumber}" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-etf] h2")).ToHaveTextAsync("No early termination fee if you cancel today");
        await Assertions.Expect(page.Locator("[data-etf]")).ToContainTextAsync("service has not started yet");
        await page.GetByLabel("Why are you cancelling?").FillAsync("Moving out of state");
        await PageChecks.AssertAsync(page, "account-cancel-free");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel contract (no fee)" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync($"Contract {renewal.ContractNumber} is cancelled. Early termination fee charged: $0.00.");
        var cancelled = await app.WithDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(c => c.Id == renewal.Id));
        Assert.Equal((ContractStatus.Cancelled, 0m), (cancelled.Status, cancelled.EtfCharged));
    }

    [Fact]
    public async Task CancellingAnActiveContractStatesAndChargesTheFee()
    {
        using var api = app.CreateClient();
        var enrolled = await (await api.EnrollAsync(Requests.Individual("leaving@example.com"))).JsonAsync();
        var number = enrolled["contract"]!["contractNumber"]!.GetValue<string>();
        app.Clock.Set(new DateTimeOffset(2027, 3, 1, 18, 0, 0, TimeSpan.Zero)); // active, 275 days before the end
        var page = await chromium.NewPageAsync(Chromium.Phone);
        await PortalSignIn.SignInThroughProviderAsync(page, app.BaseAddress, "leaving@example.com", "/account/contracts");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Cancel contract {number}" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-etf] h2")).ToHaveTextAsync("Early termination fee if you cancel today: $150.00");
        await Assertions.Expect(page.Locator("[data-etf]")).ToContainTextAsync("ends on December 1, 2027");
        await PageChecks.AssertAsync(page, "account-cancel-fee");
        Assert.Equal(ContractStatus.Pending, await app.WithDbAsync(db => db.Contracts.Where(c => c.ContractNumber == number).Select(c => c.Status).SingleAsync()));

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel contract and pay the $150.00 fee" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync("Early termination fee charged: $150.00.");
        var contract = await app.WithDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(c => c.ContractNumber == number));
        Assert.Equal((ContractStatus.Cancelled, 150m), (contract.Status, contract.EtfCharged));
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type.EndsWith(".ContractCancelled"))));
    }

    /// <summary>
    /// Bills and reads as Billing and Metering push them, through the same handlers as POST /api/billing/bills and
    /// /api/metering/reads (called in-process: the test provider issues no service-role tokens for the API).
    /// </summary>
    private async Task PushFactsAsync(BillInput[] bills, ReadInput[] reads)
    {
        await app.WithDbAsync(async db =>
        {
            Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<UpsertResult>>((await BillingFactsEndpoints.UpsertBills(new BillsUpload([.. bills]), db, app.Clock, default)).Result);
            return 0;
        });
        await app.WithDbAsync(async db =>
        {
            Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<UpsertResult>>((await BillingFactsEndpoints.UpsertReads(new ReadsUpload([.. reads]), db, app.Clock, default)).Result);
            return 0;
        });
    }

}
