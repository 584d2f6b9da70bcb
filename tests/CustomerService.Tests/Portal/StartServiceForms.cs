using System.Net;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Portal;

/// <summary>The forms of Start service as a browser without JavaScript posts them, and the development sign-in, for the HTTP portal tests.</summary>
internal static class StartServiceForms
{
    /// <summary>A new browser signed in through the development sign-in page as the customer with this email.</summary>
    public static async Task<PortalClient> SignedInAsync(CustomerServiceApp app, string email)
    {
        var browser = new PortalClient(app.BaseAddress);
        await SignInAsync(app, browser, email);
        return browser;
    }

    /// <summary>Signs this browser in (it keeps its other cookies, such as an enrollment draft's) as the customer with this email.</summary>
    public static async Task SignInAsync(CustomerServiceApp app, PortalClient browser, string email)
    {
        var id = await app.WithDbAsync(db => db.Customers.Where(c => c.Email == email).Select(c => c.Id).SingleAsync());
        var customerId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await browser.SubmitAsync("/signin/development?ReturnUrl=%2Faccount",
            which: form => form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Any(i => i.Name == "customerId" && i.Value == customerId));
        Assert.Equal("/account", response.Headers.Location?.OriginalString);
    }

    public static Form AddressForm(string street, string? unit, string city, string zip) => new()
    {
        { "serviceAddress.street", street }, { "serviceAddress.unit", unit ?? "" }, { "serviceAddress.city", city },
        { "serviceAddress.state", "TX" }, { "serviceAddress.zip", zip }, { "serviceStartDate", "2026-12-01" }, { "nav", "next" },
    };

    /// <summary>An individual at 123 Main Street (meter 3001) on plan 1001, through the given step.</summary>
    public static Task CompleteStepsAsync(PortalClient browser, string email, int through) => PostAllAsync(browser,
        [
            ("/start/customer-type", new Form { { "customerType", "individual" }, { "nav", "next" } }),
            ("/start/contact", new Form { { "firstName", "Ana" }, { "lastName", "Lopez" }, { "email", email }, { "phone", "(214) 555-0101" }, { "nav", "next" } }),
            ("/start/address", AddressForm("123 Main Street", null, "Anytown", "75001")),
            ("/start/plan", new Form { { "selectedPlanId", "1001" }, { "nav", "next" } }),
            ("/start/meters", new Form { { "selectedMeterIds", "3001" }, { "nav", "next" } }),
            ("/start/mailing", new Form { { "mailingAddress.sameAsService", "true" }, { "nav", "next" } }),
        ], through);

    /// <summary>Posts each step's form in turn and fails with the page's error messages on the first that does not move on.</summary>
    public static async Task PostAllAsync(PortalClient browser, IReadOnlyList<(string Path, Form Form)> steps, int? through = null)
    {
        foreach (var (path, form) in steps.Take(through ?? steps.Count))
        {
            var response = await browser.SubmitAsync(path, form);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect,
                $"{path}: {(int)response.StatusCode} {string.Join(" | ", PortalClient.ErrorMessagesIn(await response.Content.ReadAsStringAsync()))}");
        }
    }
}
