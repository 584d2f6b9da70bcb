using Microsoft.Playwright;

namespace CustomerService.Tests.Portal;

/// <summary>Start service as a person fills it in Chromium: by the labels they read.</summary>
internal static class StartServiceSteps
{
    /// <summary>Step 3: the service address and the requested start date (yyyy-MM-dd).</summary>
    public static async Task FillServiceAddressAsync(IPage page, string street, string? unit, string city, string zip, string startDate)
    {
        await page.GetByLabel("Street address").FillAsync(street);
        if (unit is not null) await page.GetByLabel("Apartment, suite or unit").FillAsync(unit);
        await page.GetByLabel("City").FillAsync(city);
        await page.GetByLabel("ZIP code").FillAsync(zip);
        await page.GetByLabel("Requested start date").FillAsync(startDate);
    }

    public static Task NextAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
}
