using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Portal;

/// <summary>
/// The portal's pages over HTTP, as a browser without JavaScript uses them: forms with antiforgery tokens,
/// redirects between steps, the draft kept in the database, and the authorization of every signed-in page.
/// </summary>
[Collection(DevelopmentIdentityCollection.Name)]
public sealed class PortalPagesTests(DevelopmentIdentityApp app) : ProviderTests(app)
{
    private PortalClient Browser() => new(App.BaseAddress);

    [Fact]
    public async Task PagesCarrySecurityHeadersAndNoInlineScript()
    {
        using var browser = Browser();
        foreach (var path in new[] { "/", "/start/customer-type", "/signin/development" })
        {
            var (status, html, response) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may hold personal data and must not be cached.");
            // Every <script> loads a file: CSP would block an inline one anyway, and the pages must not need one.
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        }
    }

    [Fact]
    public async Task UnknownPortalPathsAnswerAnHtmlPageAndApiPathsAProblem()
    {
        using var browser = Browser();
        var (status, html, response) = await browser.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);

        var api = await browser.Http.GetAsync("/api/no-such-resource");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AStepCannotBeReachedBeforeTheStepsItDependsOn()
    {
        using var browser = Browser();
        var response = (await browser.GetAsync("/start/plan")).Response;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/start/customer-type", response.Headers.Location?.OriginalString);

        await browser.SubmitAsync("/start/customer-type", new Form { { "customerType", "individual" }, { "nav", "next" } });
        Assert.Equal("/start/contact", (await browser.GetAsync("/start/review")).Response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/start/confirmation")).Status);
    }

    [Fact]
    public async Task WhatWasEnteredIsKeptWhenAStepFailsAndIsStoredEncryptedInTheDatabase()
    {
        using var browser = Browser();
        await browser.SubmitAsync("/start/customer-type", new Form { { "customerType", "individual" }, { "nav", "next" } });
        var failed = await browser.SubmitAsync("/start/contact", new Form
        {
            { "firstName", "Maria" }, { "lastName", "Garcia" }, { "email", "maria.garcia@example.com" }, { "phone", "555-12" }, { "nav", "next" },
        });

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode); // the step again, with its error
        var html = await failed.Content.ReadAsStringAsync();
        Assert.Equal(["A US phone number has 10 digits, e.g. (555) 123-4567."], PortalClient.ErrorMessagesIn(html));
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"phone-hint phone-error\"", html, StringComparison.Ordinal);

        // A refresh (a new GET) still shows every value, the wrong one included.
        var (_, again, _) = await browser.GetAsync("/start/contact");
        foreach (var value in new[] { "Maria", "Garcia", "maria.garcia@example.com", "555-12" })
            Assert.Contains($"value=\"{value}\"", again, StringComparison.Ordinal);

        var payload = await App.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT payload AS \"Value\" FROM enrollment_drafts").SingleAsync());
        Assert.DoesNotContain("maria", payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Garcia", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingTheServiceAddressSendsTheVisitorThroughMetersAgain()
    {
        using var browser = Browser();
        await StartServiceForms.CompleteStepsAsync(browser, "ana.lopez@example.com", through: 6);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/start/review")).Status);

        await browser.SubmitAsync("/start/address", StartServiceForms.AddressForm("100 Corporate Drive", "Suite 500", "Dallas", "75201"));

        Assert.Equal("/start/plan", (await browser.GetAsync("/start/review")).Response.Headers.Location?.OriginalString);
        await browser.SubmitAsync("/start/plan", new Form { { "selectedPlanId", "1001" }, { "nav", "next" } });
        var meters = (await browser.GetAsync("/start/meters")).Html;
        Assert.Contains("3 meters", meters, StringComparison.Ordinal);
        Assert.DoesNotContain("checked=\"checked\"", meters, StringComparison.Ordinal); // the old address's meter is forgotten
    }

    [Fact]
    public async Task ASecondSubmissionOfTheReviewFormDoesNotEnrollTwice()
    {
        using var browser = Browser();
        await StartServiceForms.CompleteStepsAsync(browser, "double.click@example.com", through: 6);
        var submit = await browser.PrepareAsync("/start/review", new Form { { "preferences.billDelivery", "email" }, { "acceptedTerms", "true" }, { "nav", "next" } });

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => submit()));

        Assert.All(responses, r => Assert.Equal("/start/confirmation", r.Headers.Location?.OriginalString));
        Assert.Equal(1, await App.CountAsync("customers"));
        Assert.Equal(1, await App.CountAsync("contracts"));
        var confirmation = (await browser.GetAsync("/start/confirmation")).Html;
        var number = await App.WithDbAsync(db => db.Enrollments.Select(e => e.ConfirmationNumber).SingleAsync());
        Assert.Contains(number, confirmation, StringComparison.Ordinal);
        Assert.Contains("Confirmation email will be sent to double.click@example.com", confirmation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfirmationsNextStepsWriteDatesAsEveryOtherPageDoes()
    {
        using var browser = Browser();
        await StartServiceForms.CompleteStepsAsync(browser, "next.steps@example.com", through: 6);
        await browser.SubmitAsync("/start/review", new Form { { "preferences.billDelivery", "email" }, { "acceptedTerms", "true" }, { "nav", "next" } });

        var confirmation = Html.Parse((await browser.GetAsync("/start/confirmation")).Html);

        Assert.Equal(
            ["Confirmation email will be sent to next.steps@example.com",
             "Service activation scheduled for December 1, 2026",
             "First bill will be generated after your first billing cycle, around January 1, 2027"],
            confirmation.QuerySelectorAll(".timeline li").Select(li => li.Text()));
        var starts = confirmation.QuerySelectorAll("dt").Single(dt => dt.Text() == "Starts").NextElementSibling!.Text();
        Assert.Equal("December 1, 2026", starts);
    }

    [Fact]
    public async Task SignedInPagesSendAVisitorToSignIn()
    {
        using var browser = Browser();
        foreach (var path in new[] { "/account", "/account/accounts", "/account/contracts", "/account/profile", "/account/preferences", "/account/meters/3001" })
        {
            var response = (await browser.GetAsync(path)).Response;
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin?ReturnUrl=", response.Headers.Location?.PathAndQueryOrOriginal(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherCustomersMeterAndContractsAreNotFoundAndStayUnchanged()
    {
        var other = await App.CreateClient().EnrollAsync(Requests.Business("owner@acme.example"));
        var otherEnrollment = await other.JsonAsync();
        var otherContract = otherEnrollment["contractId"]!.GetValue<long>();
        await App.CreateClient().EnrollAsync(Requests.Individual("me@example.com"));
        using var browser = await StartServiceForms.SignedInAsync(App, "me@example.com");

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/meters/3001")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/account/meters/3002")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/account/contracts/{otherContract}/cancel")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/account/contracts/{otherContract}/renew")).Status);

        var token = PortalClient.TokenIn((await browser.GetAsync("/account/contracts")).Html);
        var cancel = await browser.PostWithTokenAsync($"/account/contracts/{otherContract}/cancel", token, new Form { { "Reason", "not mine" } });
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal("pending", await App.WithDbAsync(db => db.Contracts.Where(c => c.Id == otherContract).Select(c => c.Status).SingleAsync()));

        var dashboard = (await browser.GetAsync("/account")).Html;
        Assert.Contains("Welcome, John Smith", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(otherEnrollment["accountNumber"]!.GetValue<string>(), dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileChangesAreSavedThroughTheSameRulesAsTheApi()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("profile@example.com"));
        using var browser = await StartServiceForms.SignedInAsync(App, "profile@example.com");

        var invalid = await browser.SubmitAsync("/account/profile", new Form
        {
            { "firstName", "John" }, { "lastName", "Smith" }, { "email", "not-an-email" }, { "phone", "(555) 123-4567" },
        });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Equal(["Enter an email address like name@example.com."], PortalClient.ErrorMessagesIn(await invalid.Content.ReadAsStringAsync()));

        var saved = await browser.SubmitAsync("/account/profile", new Form
        {
            { "firstName", "Johnny" }, { "lastName", "Smith" }, { "email", "profile@example.com" }, { "phone", "214-555-0188" },
        });
        Assert.Equal("/account/profile", saved.Headers.Location?.OriginalString);
        var customer = await App.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync());
        Assert.Equal(("Johnny", "(214) 555-0188"), (customer.FirstName, customer.Phone));
        Assert.Contains("Your contact details are saved.", (await browser.GetAsync("/account/profile")).Html, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type.EndsWith(".CustomerUpdated"))));
    }

    [Fact]
    public async Task PreferencesSaveUntickedBoxesAsOffAndRejectACardNumber()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("prefs@example.com"));
        using var browser = await StartServiceForms.SignedInAsync(App, "prefs@example.com");

        var card = await browser.SubmitAsync("/account/preferences", new Form
        {
            { "billDelivery", "email" }, { "autoPay.enabled", "true" }, { "autoPay.paymentMethodId", "4111 1111 1111 1111" },
        });
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Contains("Never send card numbers here", await card.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Every notification unticked, auto-pay ticked, a separate mailing address typed in and paper bills chosen.
        var saved = await browser.SubmitAsync("/account/preferences", new Form
        {
            { "mailingAddress.sameAsPrimaryPremise", "false" }, { "mailingAddress.street", "PO Box 77" }, { "mailingAddress.city", "Austin" },
            { "mailingAddress.state", "tx" }, { "mailingAddress.zip", "78701" }, { "billDelivery", "mail" },
            { "notifications.billReady", "false" }, { "notifications.paymentDue", "false" }, { "notifications.outageAlerts", "false" }, { "notifications.highUsageAlerts", "false" },
            { "autoPay.enabled", "true" }, { "autoPay.paymentMethodId", "pm_test_4242" },
        });
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", PortalClient.ErrorMessagesIn(await saved.Content.ReadAsStringAsync())));
        Assert.Equal("/account/preferences", saved.Headers.Location?.OriginalString);

        using var api = App.CreateClient(await DevelopmentTokenAsync("prefs@example.com"));
        var prefs = await (await api.GetAsync("/api/preferences")).JsonAsync();
        Assert.Equal("mail", prefs["billDelivery"]!.GetValue<string>());
        Assert.All(new[] { "billReady", "paymentDue", "outageAlerts", "highUsageAlerts" }, n => Assert.False(prefs["notifications"]![n]!.GetValue<bool>()));
        Assert.True(prefs["autoPay"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("pm_test_4242", prefs["autoPay"]!["paymentMethodId"]!.GetValue<string>());
        Assert.Equal(("PO Box 77", "TX"), (prefs["mailingAddress"]!["street"]!.GetValue<string>(), prefs["mailingAddress"]!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ACustomerWhoEnrolledWithASeparateMailingAddressSeesItAndCanChangeAnyPreference()
    {
        var enrollment = Requests.Individual("mailing@example.com");
        enrollment["mailingAddress"] = new System.Text.Json.Nodes.JsonObject
        {
            ["sameAsService"] = false, ["street"] = "PO Box 12", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75201",
        };
        (await App.CreateClient().EnrollAsync(enrollment)).EnsureSuccessStatusCode();
        using var browser = await StartServiceForms.SignedInAsync(App, "mailing@example.com");
        var page = (await browser.GetAsync("/account/preferences")).Html;
        Assert.Contains("value=\"PO Box 12\"", page, StringComparison.Ordinal);

        // Only the marketing box changes; the mailing address goes back as rendered.
        var saved = await browser.SubmitAsync("/account/preferences", page, new Form { { "marketingOptIn", "true" } });

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", PortalClient.ErrorMessagesIn(await saved.Content.ReadAsStringAsync())));
        var reloaded = (await browser.GetAsync("/account/preferences")).Html;
        Assert.Contains("value=\"PO Box 12\"", reloaded, StringComparison.Ordinal);
        var prefs = await App.WithDbAsync(db => db.Preferences.AsNoTracking().SingleAsync());
        Assert.True(prefs.MarketingOptIn);
        Assert.Equal(("PO Box 12", "Dallas", "75201"), (prefs.MailingStreet, prefs.MailingCity, prefs.MailingZip));
    }

    [Fact]
    public async Task TheDashboardCountsOverdueBillsAsDueNowAndShowsThePastDuePartAsTheApiDoes()
    {
        var enrolled = await (await App.CreateClient().EnrollAsync(Requests.Individual("owes@example.com"))).JsonAsync();
        var accountNumber = enrolled["accountNumber"]!.GetValue<string>();
        using var billing = App.CreateClient(await DevelopmentTokenAsync(role: "service"));
        (await billing.PostAsJsonAsync("/api/billing/bills", new
        {
            bills = new[]
            {
                new { billNumber = "B-OLD", accountNumber, issueDate = "2026-09-05", dueDate = "2026-09-25", amount = 95.00m, status = "paid" },
                new { billNumber = "B-LATE", accountNumber, issueDate = "2026-10-05", dueDate = "2026-10-25", amount = 410.75m, status = "overdue" },
                new { billNumber = "B-NOW", accountNumber, issueDate = "2026-11-05", dueDate = "2026-11-28", amount = 1287.30m, status = "unpaid" },
            },
        })).EnsureSuccessStatusCode();
        using var browser = await StartServiceForms.SignedInAsync(App, "owes@example.com");

        var dashboard = (await browser.GetAsync("/account")).Html;
        var accounts = (await browser.GetAsync("/account/accounts")).Html;

        Assert.Contains("data-total-due>$1,698.05<", dashboard, StringComparison.Ordinal);
        Assert.Contains("Includes $410.75 past due.", dashboard, StringComparison.Ordinal);
        Assert.Contains("November 28, 2026", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-account-due>$1,698.05", dashboard, StringComparison.Ordinal);
        Assert.Contains("data-account-due>$1,698.05<", accounts, StringComparison.Ordinal);
        using var api = App.CreateClient(await DevelopmentTokenAsync("owes@example.com"));
        var summary = await (await api.GetAsync("/api/customer/summary")).JsonAsync();
        Assert.Equal((1698.05m, 410.75m, "2026-11-28"), (summary["totalDueAmount"]!.GetValue<decimal>(), summary["totalPastDueAmount"]!.GetValue<decimal>(), summary["nextDueDate"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ABusinessReviewAndConfirmationMaskTheTaxIdAndShowThePhoneAsStored()
    {
        using var browser = Browser();
        await StartServiceForms.PostAllAsync(browser,
        [
            ("/start/customer-type", new Form { { "customerType", "business" }, { "nav", "next" } }),
            ("/start/contact", new Form
            {
                { "businessName", "Acme Widgets LLC" }, { "businessType", "llc" }, { "taxId", "12-3456789" }, { "email", "ops@acme.example" },
                { "phone", "214.555.0142" }, { "primaryContact.firstName", "Bob" }, { "primaryContact.lastName", "Jones" }, { "nav", "next" },
            }),
            ("/start/address", StartServiceForms.AddressForm("100 Corporate Drive", "Suite 500", "Dallas", "75201")),
            ("/start/plan", new Form { { "selectedPlanId", "1002" }, { "nav", "next" } }),
            ("/start/meters", new Form { { "selectedMeterIds", "3002" }, { "nav", "next" } }),
            ("/start/mailing", new Form { { "mailingAddress.sameAsService", "true" }, { "nav", "next" } }),
        ]);

        var review = (await browser.GetAsync("/start/review")).Html;
        var submitted = await browser.SubmitAsync("/start/review", review, new Form { { "acceptedTerms", "true" }, { "nav", "next" } });
        Assert.Equal("/start/confirmation", submitted.Headers.Location?.OriginalString);
        var confirmation = (await browser.GetAsync("/start/confirmation")).Html;

        foreach (var html in new[] { review, confirmation })
        {
            Assert.Contains("data-tax-id>**-***6789<", html, StringComparison.Ordinal);
            Assert.DoesNotContain("3456789", html, StringComparison.Ordinal);
            Assert.Contains("data-phone>(214) 555-0142<", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APendingContractSaysWhenRenewalOpensAndCancellingItSaysThereIsNoFee()
    {
        var enrolled = await (await App.CreateClient().EnrollAsync(Requests.Individual("pending@example.com"))).JsonAsync();
        var contractId = enrolled["contractId"]!.GetValue<long>();
        using var browser = await StartServiceForms.SignedInAsync(App, "pending@example.com");

        var contracts = (await browser.GetAsync("/account/contracts")).Html;
        // Service from December 1, 2026 for 12 months: renewal opens 60 days before December 1, 2027.
        Assert.Contains("Service under this contract starts on December 1, 2026. You can renew it from October 2, 2027, 60 days before it ends.", contracts, StringComparison.Ordinal);

        var cancel = (await browser.GetAsync($"/account/contracts/{contractId}/cancel")).Html;
        Assert.Contains("No early termination fee if you cancel today", cancel, StringComparison.Ordinal);
        Assert.Contains(">Cancel contract (no fee)</button>", cancel, StringComparison.Ordinal);
        Assert.DoesNotContain("$0.00 fee", cancel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABusinessWithALongLegalNameChangesItsContactPersonAndSeesItAfterAReload()
    {
        var longName = "The Greater North Texas Regional Association of Independent Commercial Refrigeration, Cold Storage and Food Logistics Operators LLC";
        Assert.InRange(longName.Length, 101, 200); // enrollment accepts up to 200 characters; so must the profile
        var business = Requests.Business("cold@storage.example");
        business["businessName"] = longName;
        (await App.CreateClient().EnrollAsync(business)).EnsureSuccessStatusCode();
        using var browser = await StartServiceForms.SignedInAsync(App, "cold@storage.example");

        var saved = await browser.SubmitAsync("/account/profile", new Form { { "primaryContact.title", "Operations Director" }, { "phone", "972 555 0100" } });

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", PortalClient.ErrorMessagesIn(await saved.Content.ReadAsStringAsync())));
        var reloaded = (await browser.GetAsync("/account/profile")).Html;
        Assert.Contains("value=\"Operations Director\"", reloaded, StringComparison.Ordinal);
        Assert.Contains("value=\"(972) 555-0100\"", reloaded, StringComparison.Ordinal);
        Assert.Equal(longName, await App.WithDbAsync(db => db.Customers.Select(c => c.BusinessName).SingleAsync()));
    }

    [Fact]
    public async Task ThePlanStepStatesTermsAsEachPlansElectricityFactsLabelDoes()
    {
        using var browser = Browser();
        await StartServiceForms.CompleteStepsAsync(browser, "terms@example.com", through: 3);
        var step = (await browser.GetAsync("/start/plan")).Html;
        var flexEfl = (await browser.GetAsync("/api/enrollment/plans/1003/efl")).Html;
        var greenEfl = (await browser.GetAsync("/api/enrollment/plans/1001/efl")).Html;

        // Flex Power is variable and month to month; Green Energy 12 is fixed for 12 months; base charges are per billing cycle.
        Assert.Contains("<dt>Term</dt><dd>Month-to-month</dd>", step, StringComparison.Ordinal);
        Assert.Contains("Month-to-month", flexEfl, StringComparison.Ordinal);
        Assert.Contains("<dt>Term</dt><dd>12 months</dd>", step, StringComparison.Ordinal);
        Assert.Contains("12 months", greenEfl, StringComparison.Ordinal);
        Assert.Contains("$9.95 per billing cycle", step, StringComparison.Ordinal);
        Assert.Contains("$9.95 per billing cycle", greenEfl, StringComparison.Ordinal);
        Assert.DoesNotContain("Month to month", step, StringComparison.Ordinal);
        Assert.DoesNotContain("per month", step, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDevelopmentSignInOpensASessionForTheChosenCustomerOnly()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("chosen@example.com"));
        using var browser = Browser();
        var page = (await browser.GetAsync("/signin?ReturnUrl=%2Faccount%2Fcontracts")).Response;
        Assert.Equal("/signin/development?ReturnUrl=%2Faccount%2Fcontracts", page.Headers.Location?.OriginalString);
        var html = (await browser.GetAsync("/signin/development?ReturnUrl=%2Faccount%2Fcontracts")).Html;
        Assert.Contains("chosen@example.com", html, StringComparison.Ordinal);

        var id = await App.WithDbAsync(db => db.Customers.Select(c => c.Id).SingleAsync());
        var signedIn = await browser.PostWithTokenAsync("/signin/development?ReturnUrl=%2Faccount%2Fcontracts", PortalClient.TokenIn(html),
            new Form { { "customerId", id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "ReturnUrl", "https://evil.example/" } });
        Assert.Equal("/account", signedIn.Headers.Location?.OriginalString); // a foreign return URL is not followed
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/contracts")).Status);
    }

    // ---- helpers ----

    private async Task<string> DevelopmentTokenAsync(string? email = null, string? role = null)
    {
        var id = email is null ? (long?)null : await App.WithDbAsync(db => db.Customers.Where(c => c.Email == email).Select(c => c.Id).SingleAsync());
        var token = await (await App.CreateClient().PostAsJsonAsync("/dev/identity/token", new { customerId = id, role })).JsonAsync();
        return token["accessToken"]!.GetValue<string>();
    }
}

internal static class UriExtensions
{
    public static string? PathAndQueryOrOriginal(this Uri? uri) => uri is null ? null : uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
