using Microsoft.Playwright;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>Signing in to the portal in the browser, through the test OpenID provider's login and consent pages.</summary>
public static class PortalSignIn
{
    /// <summary>
    /// Opens /signin?ReturnUrl=<paramref name="returnUrl"/> on the app, types <paramref name="email"/> into the
    /// provider's login form (any password is accepted), consents when asked, and waits until the browser is back on the app.
    /// </summary>
    public static async Task SignInThroughProviderAsync(IPage page, string baseAddress, string email, string returnUrl = "/account")
    {
        await page.GotoAsync($"{baseAddress}/signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("input[name=login]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync("any password");
        bool OnApp(string url) => url.StartsWith(baseAddress.TrimEnd('/') + "/", StringComparison.Ordinal);
        var back = page.WaitForURLAsync(OnApp);
        var consent = page.Locator("input[name=prompt][value=consent]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("button.login-submit").ClickAsync();
        if (await Task.WhenAny(back, consent) == consent && consent.IsCompletedSuccessfully)
        {
            // The consent page (the first sign-in of this account to this client).
            await page.Locator("form:has(input[name=prompt][value=consent]) button[type=submit]").ClickAsync();
        }
        await back;
        _ = consent.ContinueWith(t => t.Exception, TaskScheduler.Default); // the losing wait times out unobserved
    }
}
