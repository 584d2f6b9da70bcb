using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CustomerService.Tests.Portal;

/// <summary>
/// Start service in Chromium, at desktop and phone widths, as a person does it: by labels and buttons, with a mistake
/// made and fixed on the way. Screenshots of every step go to test-output/portal (listed in the README); every page
/// is checked with axe-core.
/// </summary>
[Collection(DevelopmentIdentityCollection.Name)]
[Trait(TestCategory.Trait, TestCategory.Browser)]
public sealed class StartServiceBrowserTests(DevelopmentIdentityApp app, Chromium chromium) : ProviderTests(app)
{
    [Theory]
    [InlineData(Chromium.Desktop)]
    [InlineData(Chromium.Phone)]
    public async Task AHouseholdEnrollsThroughTheSevenStepsFixingAMistake(int width)
    {
        var page = await chromium.NewPageAsync(width);
        await page.GotoAsync(App.BaseAddress + "/");
        await PageChecks.AssertAsync(page, "portal-00-home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start service" }).Last.ClickAsync();

        await Expect(page, "Step 1 of 7");
        await page.GetByLabel("Individual / Residential").CheckAsync();
        await PageChecks.AssertAsync(page, "enroll-individual-1-customer-type");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 2 of 7");
        await page.GetByLabel("First name").FillAsync("Maria");
        await page.GetByLabel("Last name").FillAsync("Garcia");
        await page.GetByLabel("Email").FillAsync("maria.garcia@example.com");
        await page.GetByLabel("Phone").FillAsync("555-12");
        await StartServiceSteps.NextAsync(page);
        // The mistake: reported next to the field and in the summary, which takes the focus; nothing typed is lost.
        await Assertions.Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#phone-error")).ToContainTextAsync("A US phone number has 10 digits");
        await Assertions.Expect(page.GetByLabel("First name")).ToHaveValueAsync("Maria");
        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        await PageChecks.AssertAsync(page, "enroll-individual-2-contact-error");
        await page.GetByLabel("Phone").FillAsync("(214) 555-0101");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 3 of 7");
        await Assertions.Expect(page.Locator("#serviceStartDate-hint")).ToContainTextAsync("November 22, 2026");
        await StartServiceSteps.FillServiceAddressAsync(page, "123 Main Street", null, "Anytown", "75001", "2026-12-01");
        await PageChecks.AssertAsync(page, "enroll-individual-3-address");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 4 of 7");
        await Assertions.Expect(page.Locator(".plan-card")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Electricity Facts Label (EFL)" }).First).ToHaveAttributeAsync("href", "/api/enrollment/plans/1001/efl");
        await Assertions.Expect(page.Locator("legend + .hint")).ToContainTextAsync("Those averages do not include your TDSP's delivery charges");
        await page.GetByLabel("Green Energy 12").CheckAsync();
        await PageChecks.AssertAsync(page, "enroll-individual-4-plan");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 5 of 7");
        await Assertions.Expect(page.GetByLabel("E-12345678")).ToBeCheckedAsync(); // the only meter at the address
        await PageChecks.AssertAsync(page, "enroll-individual-5-meters");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 6 of 7");
        await Assertions.Expect(page.Locator("[data-mailing-fields]")).ToBeHiddenAsync();
        await PageChecks.AssertAsync(page, "enroll-individual-6-mailing");
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 7 of 7");
        await Assertions.Expect(page.Locator("#summary-contract + dl")).ToContainTextAsync("December 1, 2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit enrollment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#acceptedTerms-error")).ToContainTextAsync("You must accept the Terms of Service");
        await page.GetByLabel("I have read and accept").CheckAsync();
        await PageChecks.AssertAsync(page, "enroll-individual-7-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit enrollment" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're enrolled" })).ToBeVisibleAsync();
        var confirmation = await page.Locator("[data-confirmation-number]").InnerTextAsync();
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Confirmation email will be sent to maria.garcia@example.com");
        await Assertions.Expect(page.Locator(".timeline")).ToContainTextAsync("Service activation scheduled for December 1, 2026");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print this summary" })).ToBeVisibleAsync();
        await PageChecks.AssertAsync(page, "enroll-individual-8-confirmation");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync(); // the printout has no navigation
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var stored = await App.WithDbAsync(db => (
            from e in db.Enrollments
            join c in db.Customers on e.CustomerId equals c.Id
            join k in db.Contracts on e.ContractId equals k.Id
            select new { e.ConfirmationNumber, c.Email, c.Phone, c.Type, k.PlanId, k.StartDate }).SingleAsync());
        Assert.Equal((confirmation.Trim(), "maria.garcia@example.com", "(214) 555-0101", "individual", 1001L, new DateOnly(2026, 12, 1)),
            (stored.ConfirmationNumber, stored.Email, stored.Phone, stored.Type, stored.PlanId, stored.StartDate));
        Assert.Equal("pending", await App.WithDbAsync(db => db.Meters.Where(m => m.Id == Requests.MainStreetMeter).Select(m => m.Status).SingleAsync()));

        // Going back after submitting shows the confirmation, not a second enrollment.
        await page.GoBackAsync();
        await page.GotoAsync(App.BaseAddress + "/start/review");
        Assert.EndsWith("/start/confirmation", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await App.CountAsync("customers"));
    }

    [Theory]
    [InlineData(Chromium.Desktop)]
    [InlineData(Chromium.Phone)]
    public async Task ABusinessEnrollsSeveralMetersWithASeparateMailingAddress(int width)
    {
        var page = await chromium.NewPageAsync(width);
        await page.GotoAsync(App.BaseAddress + "/start/customer-type");
        await page.GetByLabel("Business / Commercial").CheckAsync();
        await StartServiceSteps.NextAsync(page);

        await page.GetByLabel("Legal business name").FillAsync("Acme Widgets LLC");
        await page.GetByLabel("Business type").SelectOptionAsync("llc");
        await page.GetByLabel("Tax ID (EIN)").FillAsync("12-345");
        await page.GetByLabel("Business email").FillAsync("ops@acme-widgets.example");
        await page.GetByLabel("Business phone").FillAsync("(214) 555-0199");
        await page.Locator("#primaryContact-firstName").FillAsync("Ana");
        await page.Locator("#primaryContact-lastName").FillAsync("Lopez");
        await StartServiceSteps.NextAsync(page);
        await Assertions.Expect(page.Locator("#taxId-error")).ToContainTextAsync("An EIN is written NN-NNNNNNN");
        await PageChecks.AssertAsync(page, "enroll-business-2-contact-error");
        await page.GetByLabel("Tax ID (EIN)").FillAsync("12-3456789");
        await StartServiceSteps.NextAsync(page);

        await StartServiceSteps.FillServiceAddressAsync(page, "100 Corporate Drive", "Suite 500", "Dallas", "75201", "2026-12-15");
        await StartServiceSteps.NextAsync(page);

        await page.GetByLabel("Value Saver 24").CheckAsync();
        await StartServiceSteps.NextAsync(page);

        await Expect(page, "Step 5 of 7");
        await Assertions.Expect(page.Locator("[data-meter-list] input")).ToHaveCountAsync(3);
        await StartServiceSteps.NextAsync(page); // none chosen yet
        await Assertions.Expect(page.Locator("#selectedMeterIds-error")).ToContainTextAsync("Select at least one meter.");
        await page.GetByLabel("E-12346789").CheckAsync();
        await page.GetByLabel("E-12347900").CheckAsync();
        await Assertions.Expect(page.Locator("[data-meter-count]")).ToHaveTextAsync("2 of 3 selected");
        await PageChecks.AssertAsync(page, "enroll-business-5-meters");
        await StartServiceSteps.NextAsync(page);

        await page.GetByLabel("A different mailing address").CheckAsync();
        await Assertions.Expect(page.Locator("[data-mailing-fields]")).ToBeVisibleAsync();
        await page.Locator("#mailingAddress-street").FillAsync("PO Box 1234");
        await page.Locator("#mailingAddress-city").FillAsync("Dallas");
        await page.Locator("#mailingAddress-state").FillAsync("TX");
        await page.Locator("#mailingAddress-zip").FillAsync("75221");
        await PageChecks.AssertAsync(page, "enroll-business-6-mailing");
        await StartServiceSteps.NextAsync(page);

        await page.GetByLabel("Both email and mail").CheckAsync();
        await page.GetByLabel("Send me news and offers").CheckAsync();
        await page.GetByLabel("I have read and accept").CheckAsync();
        await PageChecks.AssertAsync(page, "enroll-business-7-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit enrollment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're enrolled" })).ToBeVisibleAsync();
        await PageChecks.AssertAsync(page, "enroll-business-8-confirmation");

        var customer = await App.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync());
        Assert.Equal(("business", "Acme Widgets LLC", "llc", "Ana"), (customer.Type, customer.BusinessName, customer.BusinessType, customer.ContactFirstName));
        var meters = await App.WithDbAsync(db => db.Meters.Where(m => m.Status == "pending").Select(m => m.MeterNumber).OrderBy(m => m).ToListAsync());
        Assert.Equal(["E-12346789", "E-12347900"], meters);
        var prefs = await App.WithDbAsync(db => db.Preferences.AsNoTracking().SingleAsync());
        Assert.Equal(("both", true, "PO Box 1234", "75221"), (prefs.BillDelivery, prefs.MarketingOptIn, prefs.MailingStreet, prefs.MailingZip));
    }

    [Fact]
    public async Task TheFirstStepsWorkWithTheKeyboardAlone()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(App.BaseAddress + "/start/customer-type");
        await page.Keyboard.PressAsync("Tab"); // the skip link comes first
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        for (var i = 0; i < 30 && !await page.EvaluateAsync<bool>("() => document.activeElement?.name === 'customerType'"); i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByLabel("Individual / Residential")).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Enter"); // submits with the form's first button, Next
        await Expect(page, "Step 2 of 7");
        await page.Keyboard.PressAsync("Tab");
        var focusVisible = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", focusVisible);
    }

    [Fact]
    public async Task AnAddressWithoutPlansSaysSoHonestly()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(App.BaseAddress + "/start/customer-type");
        await page.GetByLabel("Individual / Residential").CheckAsync();
        await StartServiceSteps.NextAsync(page);
        await page.GetByLabel("First name").FillAsync("Sam");
        await page.GetByLabel("Last name").FillAsync("Lee");
        await page.GetByLabel("Email").FillAsync("sam.lee@example.com");
        await page.GetByLabel("Phone").FillAsync("2145550102");
        await StartServiceSteps.NextAsync(page);
        await StartServiceSteps.FillServiceAddressAsync(page, "1 Nowhere Road", null, "El Paso", "79901", "2026-12-01");
        await StartServiceSteps.NextAsync(page);
        await Assertions.Expect(page.Locator("#serviceAddress-zip-error")).ToContainTextAsync("outside the areas we serve");
        await PageChecks.AssertAsync(page, "enroll-address-not-served");
    }


    private static Task Expect(IPage page, string stepCount) => Assertions.Expect(page.Locator(".step-count")).ToHaveTextAsync(stepCount);

}
