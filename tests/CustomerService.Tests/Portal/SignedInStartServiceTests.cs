using System.Net;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CustomerService.Tests.Portal.StartServiceForms;

namespace CustomerService.Tests.Portal;

/// <summary>
/// Start service for a customer who is signed in (DESIGN.md: a signed-in customer may enroll again): it adds an
/// account, premise and contract to their record instead of asking for their details or creating a customer.
/// A visitor told their email is registered signs in and carries on; a signed-in customer's draft is nobody else's.
/// </summary>
[Collection(DevelopmentIdentityCollection.Name)]
public sealed class SignedInStartServiceTests(DevelopmentIdentityApp app) : ProviderTests(app)
{
    private const string SecondStreet = "908 Elm Street";

    [Fact]
    public async Task ASignedInCustomerAddsServiceAtAnotherAddressToTheirOwnRecord()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("mover@example.com"));
        using var browser = await SignedInAsync(App, "mover@example.com");

        var typeStep = (await browser.GetAsync("/start/customer-type")).Html;
        Assert.Contains("You're signed in as <strong>John Smith</strong>, a residential customer.", typeStep, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"customerType\"", typeStep, StringComparison.Ordinal); // the type is the customer's own
        var contactStep = (await browser.GetAsync("/start/contact")).Html;
        Assert.Contains("mover@example.com", contactStep, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"email\"", contactStep, StringComparison.Ordinal); // not asked again

        var meter = await SecondAddressMeterAsync();
        await PostAllAsync(browser,
        [
            ("/start/customer-type", new Form { { "nav", "next" } }),
            ("/start/contact", new Form { { "nav", "next" } }),
            ("/start/address", AddressForm(SecondStreet, "Apt 12B", "Dallas", "75202")),
            ("/start/plan", new Form { { "selectedPlanId", "1002" }, { "nav", "next" } }),
            ("/start/meters", new Form { { "selectedMeterIds", meter.ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "nav", "next" } }),
            ("/start/mailing", new Form { { "mailingAddress.sameAsService", "true" }, { "nav", "next" } }),
        ]);
        var review = (await browser.GetAsync("/start/review")).Html;
        Assert.Contains("John Smith", review, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"preferences.billDelivery\"", review, StringComparison.Ordinal); // their preferences stay as they are
        var submitted = await browser.SubmitAsync("/start/review", new Form { { "acceptedTerms", "true" }, { "nav", "next" } });
        Assert.Equal("/start/confirmation", submitted.Headers.Location?.OriginalString);

        var confirmation = (await browser.GetAsync("/start/confirmation")).Html;
        Assert.Contains("href=\"/account\">Go to your dashboard", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in to your account", confirmation, StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("customers"));
        var customer = await App.WithDbAsync(db => db.Customers.SingleAsync());
        var contracts = await App.WithDbAsync(db => db.Contracts.Where(c => c.CustomerId == customer.Id).OrderBy(c => c.Id).Select(c => c.PlanId).ToListAsync());
        Assert.Equal([1001L, 1002L], contracts);
        Assert.Equal(2, await App.WithDbAsync(db => db.AccountParties.CountAsync(a => a.Customer == customer.Id)));
        // The meter at the new address now belongs to a premise of one of this customer's accounts.
        Assert.True(await App.WithDbAsync(db => db.Meters.Where(m => m.Id == meter)
            .AnyAsync(m => db.Premises.Any(p => p.Id == m.PremiseId && db.AccountParties.Any(a => a.Account == p.AccountId && a.Customer == customer.Id)))));

        var accounts = (await browser.GetAsync("/account/accounts")).Html;
        Assert.Contains(SecondStreet, accounts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVisitorToldTheirEmailIsRegisteredSignsInAndCarriesOnFromTheAddress()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("known@example.com"));
        using var browser = new PortalClient(App.BaseAddress);
        await PostAllAsync(browser, [("/start/customer-type", new Form { { "customerType", "individual" }, { "nav", "next" } })]);
        var refused = await browser.SubmitAsync("/start/contact", new Form
        {
            { "firstName", "Typed" }, { "lastName", "Again" }, { "email", "known@example.com" }, { "phone", "(214) 555-0101" }, { "nav", "next" },
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("already registered", string.Join(" ", PortalClient.ErrorMessagesIn(html)), StringComparison.Ordinal);
        Assert.Contains("href=\"/signin?ReturnUrl=%2Fstart%2Faddress\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/start/address")).Status); // not past step 2 yet

        await SignInAsync(App, browser, "known@example.com");

        var (status, address, _) = await browser.GetAsync("/start/address");
        Assert.Equal(HttpStatusCode.OK, status); // the same draft, now the customer's: steps 1 and 2 are theirs
        var contact = (await browser.GetAsync("/start/contact")).Html;
        Assert.Contains("known@example.com", contact, StringComparison.Ordinal);
        Assert.DoesNotContain("Typed", contact, StringComparison.Ordinal); // the typed contact answers were dropped
        Assert.Contains("Step 3 of 7", address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInCustomersDraftIsNotShownToTheNextPersonOnTheSameBrowser()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("first@example.com"));
        await App.CreateClient().EnrollAsync(Requests.Business("second@acme.example"));
        using var browser = await SignedInAsync(App, "first@example.com");
        await PostAllAsync(browser,
        [
            ("/start/customer-type", new Form { { "nav", "next" } }),
            ("/start/contact", new Form { { "nav", "next" } }),
            ("/start/address", AddressForm(SecondStreet, "Apt 12B", "Dallas", "75202")),
        ]);
        Assert.Contains(SecondStreet, (await browser.GetAsync("/start/address")).Html, StringComparison.Ordinal);

        await SignInAsync(App, browser, "second@acme.example");

        var address = (await browser.GetAsync("/start/address")).Html;
        Assert.DoesNotContain(SecondStreet, address, StringComparison.Ordinal);
        Assert.Contains("Acme Corporation", (await browser.GetAsync("/start/customer-type")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/start/plan")).Status); // a new draft: the address is not answered

        // Signed out (the session cookie gone), the visitor starts from step 1 with nothing of the customer's.
        browser.ForgetCookie(CustomerService.Infrastructure.Auth.PortalAuthentication.CookieName);
        var response = (await browser.GetAsync("/start/address")).Response;
        Assert.Equal("/start/customer-type", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Acme", (await browser.GetAsync("/start/customer-type")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedCustomerIsToldWhyOnTheReviewPageAndNothingIsEnrolled()
    {
        await App.CreateClient().EnrollAsync(Requests.Individual("closed@example.com"));
        using var browser = await SignedInAsync(App, "closed@example.com");
        await PostAllAsync(browser,
        [
            ("/start/customer-type", new Form { { "nav", "next" } }),
            ("/start/contact", new Form { { "nav", "next" } }),
            ("/start/address", AddressForm(SecondStreet, "Apt 12B", "Dallas", "75202")),
            ("/start/plan", new Form { { "selectedPlanId", "1002" }, { "nav", "next" } }),
            ("/start/meters", new Form { { "selectedMeterIds", (await SecondAddressMeterAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "nav", "next" } }),
            ("/start/mailing", new Form { { "mailingAddress.sameAsService", "true" }, { "nav", "next" } }),
        ]);
        await App.WithDbAsync(db => db.Customers.ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, "closed")));

        var refused = await browser.SubmitAsync("/start/review", new Form { { "acceptedTerms", "true" }, { "nav", "next" } });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<li><a href=\"#main\">This customer record is closed", html, StringComparison.Ordinal); // in the error summary
        Assert.DoesNotContain("go to step 2", html, StringComparison.Ordinal); // nothing to fix in the contact step
        Assert.Equal(1, await App.CountAsync("contracts"));
    }

    private Task<long> SecondAddressMeterAsync() => App.WithDbAsync(db => db.Meters
        .Where(m => db.ServicePoints.Any(p => p.Id == m.ServicePointId && p.Street == SecondStreet)).Select(m => m.Id).SingleAsync());
}
