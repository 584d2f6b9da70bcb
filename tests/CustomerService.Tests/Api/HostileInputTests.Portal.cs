using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Api;

/// <summary>The portal's forms, as the pages render them, with the same hostile values.</summary>
public abstract partial class HostileInputTests
{
    /// <summary>A page with a form: how to reach it with a valid form behind it, and what a person chooses besides typing (radio buttons, Next).</summary>
    private sealed record PortalSample(string Route, string Label, Func<HostileInputTests, PortalClient, Seeded, Task<string?>> OpenAsync, Form Choices);

    private static Form Step(params (string Name, string Value)[] fields)
    {
        var form = new Form();
        foreach (var (name, value) in fields) form.Add(name, value);
        form.Add("nav", "next");
        return form;
    }

    /// <summary>The demo meter at 4512 Swiss Avenue, free: the API samples' customers hold 123 Main Street and 100 Corporate Drive.</summary>
    private const string SwissAvenueMeter = "3005";

    private static readonly (string Path, Form Form)[] Household =
    [
        ("/start/customer-type", Step(("customerType", "individual"))),
        ("/start/contact", Step(("firstName", "Ana"), ("lastName", "Lopez"), ("email", "ana.lopez@example.com"), ("phone", "(214) 555-0101"))),
        ("/start/address", StartServiceForms.AddressForm("4512 Swiss Avenue", null, "Dallas", "75204")),
        ("/start/plan", Step(("selectedPlanId", "1001"))),
        ("/start/meters", Step(("selectedMeterIds", SwissAvenueMeter))),
        ("/start/mailing", Step(("mailingAddress.sameAsService", "false"), ("mailingAddress.street", "PO Box 1"), ("mailingAddress.unit", "Box 2"),
            ("mailingAddress.city", "Dallas"), ("mailingAddress.state", "TX"), ("mailingAddress.zip", "75221"))),
    ];

    private static readonly (string Path, Form Form)[] BusinessSteps =
    [
        ("/start/customer-type", Step(("customerType", "business"))),
        ("/start/contact", Step(("businessName", "Lopez Bakery"), ("businessType", "llc"), ("taxId", "12-3456789"), ("email", "bakery@example.com"), ("phone", "(214) 555-0102"),
            ("primaryContact.firstName", "Ana"), ("primaryContact.lastName", "Lopez"), ("primaryContact.title", "Owner"), ("primaryContact.email", "ana@example.com"), ("primaryContact.phone", "(214) 555-0103"))),
    ];

    /// <summary>Posts the household's steps through <paramref name="through"/> and answers the step's page.</summary>
    private static Func<HostileInputTests, PortalClient, Seeded, Task<string?>> Journey((string Path, Form Form)[] steps, int through) => async (_, browser, _) =>
    {
        await StartServiceForms.PostAllAsync(browser, steps, through);
        return steps[through - 1].Path;
    };

    private static Func<HostileInputTests, PortalClient, Seeded, Task<string?>> SignedIn(string email, Func<Seeded, string> page, Form? first = null) => async (test, browser, seeded) =>
    {
        await StartServiceForms.SignInAsync(test.App, browser, email);
        var path = page(seeded);
        if (first is not null) Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(path, first)).StatusCode);
        return path;
    };

    private static readonly PortalSample[] PortalSamples =
    [
        new("/start/customer-type", "household", (_, _, _) => Task.FromResult<string?>("/start/customer-type"), Step(("customerType", "individual"))),
        new("/start/contact", "household", Journey(Household, 2), Step()),
        new("/start/contact", "business", Journey(BusinessSteps, 2), Step()),
        new("/start/address", "household", Journey(Household, 3), Step()),
        new("/start/plan", "household", Journey(Household, 4), Step(("selectedPlanId", "1001"))),
        new("/start/meters", "household", Journey(Household, 5), Step(("selectedMeterIds", SwissAvenueMeter))),
        new("/start/mailing", "household", Journey(Household, 6), Step(("mailingAddress.sameAsService", "false"))),
        new("/start/review", "household", async (_, browser, _) =>
        {
            await StartServiceForms.PostAllAsync(browser, Household);
            return "/start/review";
        }, []),
        // The confirmation's one form, "start again", carries nothing but the antiforgery token.
        new("/start/confirmation", "no fields", (_, _, _) => Task.FromResult<string?>(null), []),
        new("/start/rescind", "a visitor with the confirmation number", (_, _, seeded) =>
            Task.FromResult<string?>($"/start/rescind?confirmationNumber={Uri.EscapeDataString(seeded.ConfirmationNumber)}"), []),
        new("/signin/development", "first customer", (_, _, _) => Task.FromResult<string?>("/signin/development"), []),
        new("/account/profile", "household", SignedIn("john.smith@example.com", _ => "/account/profile"), []),
        new("/account/profile", "business", SignedIn("accounts@acme.com", _ => "/account/profile"), []),
        new("/account/preferences", "separate mailing address and auto-pay", SignedIn("john.smith@example.com", _ => "/account/preferences", new Form
        {
            { "mailingAddress.sameAsPrimaryPremise", "false" }, { "mailingAddress.street", "PO Box 7" }, { "mailingAddress.city", "Dallas" },
            { "mailingAddress.state", "TX" }, { "mailingAddress.zip", "75221" }, { "autoPay.enabled", "true" }, { "autoPay.paymentMethodId", "pm_12345" },
        }), new Form { { "mailingAddress.sameAsPrimaryPremise", "false" } }),
        new("/account/premises/{premiseId:long}/move", "household", SignedIn("john.smith@example.com", s => $"/account/premises/{s.Premise}/move"), []),
        new("/account/premises/{premiseId:long}/stop", "household", SignedIn("john.smith@example.com", s => $"/account/premises/{s.Premise}/stop"), new Form { { "reason", "moving" } }),
        new("/account/contracts/{contractId:long}/cancel", "household", SignedIn("john.smith@example.com", s => $"/account/contracts/{s.Contract}/cancel"), []),
        new("/account/contracts/{contractId:long}/renew", "in the renewal window", async (test, browser, seeded) =>
        {
            test.App.Clock.Set(new DateTimeOffset(2027, 10, 15, 18, 0, 0, TimeSpan.Zero)); // renewal opens 60 days before December 1, 2027
            return await SignedIn("john.smith@example.com", s => $"/account/contracts/{s.Contract}/renew")(test, browser, seeded);
        }, []),
    ];

    /// <summary>The routes of the portal's pages that accept a form (a POST handler), except the error page, which only re-renders.</summary>
    private List<string> PortalFormRoutes()
    {
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>(), Route: e.RoutePattern.RawText))
            .Where(p => p.Page is not null).ToDictionary(p => p.Page!.ViewEnginePath, p => "/" + p.Route!.TrimStart('/'), StringComparer.Ordinal);
        const string root = "CustomerService.Portal.Pages";
        return typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract && t.Namespace?.StartsWith(root, StringComparison.Ordinal) == true && t.Name != "ErrorModel")
            .Where(t => t.GetMethods().Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            .Select(t => pages[t.Namespace![root.Length..].Replace('.', '/') + "/" + t.Name[..^"Model".Length]])
            .Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void EveryPortalFormHasASample()
    {
        var routes = PortalFormRoutes();
        Assert.True(routes.Count >= 12, $"Found only {routes.Count} pages with forms: {string.Join(", ", routes)}");
        var missing = routes.Except(PortalSamples.Select(s => s.Route)).ToList();
        Assert.True(missing.Count == 0, $"Portal pages with a form but no hostile-input sample (add one to {nameof(PortalSamples)}): {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task NoPortalFormAnswers5xxAndRefusedValuesAreNotStored()
    {
        var seeded = await SeedAsync();
        var baseline = await ResidueAsync();
        var failures = new List<string>();
        var sent = 0;
        foreach (var sample in PortalSamples)
        {
            using var browser = new PortalClient(App.BaseAddress);
            var page = await sample.OpenAsync(this, browser, seeded);
            if (page is null) continue;
            var (status, html, _) = await browser.GetAsync(page);
            Assert.True(status == HttpStatusCode.OK, $"{sample.Route} ({sample.Label}): GET {page} answered {(int)status}.");
            var fields = await FieldsAsync(page, html);
            Assert.True(fields.Count > 0 || sample.Route == "/start/confirmation", $"{sample.Route}: no form fields found.");

            // What a person types: every text-like field, the others as the page rendered them.
            foreach (var (name, original) in fields.Where(f => f.Typed).Select(f => (f.Name, f.Value)))
            {
                // A lone surrogate cannot be sent in a form: UTF-8 form encoding turns it into U+FFFD, which is text.
                foreach (var hostile in TextValues.Where(h => h.Name != "lone surrogate"))
                {
                    var form = new Form();
                    form.AddRange(sample.Choices);
                    foreach (var typed in fields.Where(f => f.Typed)) form.Add(typed.Name, typed.Name == name ? hostile.Typed : typed.Value);
                    var before = await RowCountsAsync();
                    using var response = await browser.SubmitAsync(page, form, which: First);
                    sent++;
                    var answer = await response.Content.ReadAsStringAsync();
                    var where = $"{sample.Route} ({sample.Label}) {name} = {hostile.Name} → {(int)response.StatusCode}";
                    if ((int)response.StatusCode >= 500) failures.Add(where);
                    else if (response.StatusCode != HttpStatusCode.BadRequest && !answer.Contains($"id=\"{IdFor(name)}-error\"", StringComparison.OrdinalIgnoreCase))
                        failures.Add($"{where}: not refused with an error next to the field ({string.Join(" | ", PortalClient.ErrorMessagesIn(answer))})");
                    else if (hostile.BreaksTextRule && !(response.StatusCode == HttpStatusCode.BadRequest && answer.Contains("accept that", StringComparison.Ordinal)
                        && (hostile.Name == "NUL" || answer.Contains($"The field {name} ", StringComparison.Ordinal))))
                        failures.Add($"{where}: not the 400 page naming the field");
                    // A step keeps what was typed even when it is refused (the draft's one row), but writes no other row.
                    if (!RowsUnchanged(before, await RowCountsAsync())) failures.Add($"{where}: rows were written");
                }
            }

            // What only a hostile client sends: a control character in a hidden field, a radio button, a box or a button.
            var token = PortalClient.TokenIn(html);
            foreach (var field in fields.Where(f => !f.Typed && f.Name != "__RequestVerificationToken").Select(f => f.Name).Distinct())
            {
                foreach (var hostile in TextValues.Where(h => h.Name is "NUL" or "DEL"))
                {
                    var posted = fields.Where(f => f.Name != "__RequestVerificationToken" && (f.Name != field || f.Typed)).Select(f => KeyValuePair.Create(f.Name, f.Value))
                        .Append(KeyValuePair.Create(field, hostile.Typed));
                    using var response = await browser.PostWithTokenAsync(page, token, posted);
                    sent++;
                    if (response.StatusCode != HttpStatusCode.BadRequest || !(await response.Content.ReadAsStringAsync()).Contains("accept that", StringComparison.Ordinal))
                        failures.Add($"{sample.Route} ({sample.Label}) {field} = {hostile.Name} → {(int)response.StatusCode}: not refused");
                }
            }
            var residue = (await ResidueAsync()).Except(baseline).ToList();
            if (residue.Count > 0) failures.Add($"{sample.Route} ({sample.Label}): hostile values stored: {string.Join("; ", residue.Take(3))}");
            App.Clock.Reset();
        }
        Assert.True(sent > 150, $"Only {sent} hostile form posts were sent.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile form posts failed:\n{string.Join("\n", failures.Take(60))}");
    }

    private static bool First(IHtmlFormElement form) => form.Owner!.QuerySelector("main form") == form;

    private static bool RowsUnchanged(Dictionary<string, long> before, Dictionary<string, long> after) =>
        before.All(t => after[t.Key] == t.Value);

    /// <summary>serviceAddress.zip → serviceAddress-zip, the id the portal gives a field and its error.</summary>
    private static string IdFor(string name) => name.Replace('.', '-');

    private sealed record RenderedField(string Name, string Value, bool Typed);

    /// <summary>The named fields of the page's first form in &lt;main&gt;, with the values a browser would send.</summary>
    private static async Task<List<RenderedField>> FieldsAsync(string page, string html)
    {
        using var context = BrowsingContext.New(Configuration.Default);
        using var document = await context.OpenAsync(r => r.Content(html).Address(new Uri(new Uri("http://localhost"), page)));
        if (document.QuerySelector<IHtmlFormElement>("main form") is not { } form) return [];
        var fields = new List<RenderedField>();
        foreach (var element in form.Elements)
        {
            if (element.GetAttribute("name") is not { Length: > 0 } name) continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box:
                    if (box.IsChecked) fields.Add(new(name, box.Value, false));
                    else if (!fields.Any(f => f.Name == name)) fields.Add(new(name, box.Value, false)); // one value to spoil, even when none is ticked
                    break;
                case IHtmlInputElement { Type: "hidden" } hidden:
                    fields.Add(new(name, hidden.Value, false));
                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "image" or "reset" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value, true));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value, true));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? "", false));
                    break;
                case IHtmlButtonElement { Type: "submit" } button when button.Value.Length > 0:
                    if (!fields.Any(f => f.Name == name)) fields.Add(new(name, button.Value, false));
                    break;
            }
        }
        return fields;
    }
}
