using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CustomerService.Tests.Portal;

/// <summary>Portal sign-in in Chromium against a real OpenID provider (tests/oidc-provider), and the sign-in endpoints' edges.</summary>
[Collection(PortalOidcCollection.Name)]
public sealed partial class PortalSignInTests(PortalOidcApp app, Chromium browser) : IAsyncLifetime
{
    private const string Email = "john.smith@example.com";

    public async ValueTask InitializeAsync() => await app.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Base => app.BaseAddress;

    [Fact]
    public async Task SigningInThroughTheProviderEndsOnTheReturnUrlWithAPortalCookieAndLinksTheCustomer()
    {
        using var api = app.CreateClient();
        var enrolled = await (await api.EnrollAsync(Requests.Individual(Email))).JsonAsync();
        await using var page = await browser.NewPageAsync();
        var failures = ServerErrors(page);

        await PortalSignIn.SignInThroughProviderAsync(page, Base, Email);

        Assert.Equal($"{Base}/account", page.Url);
        Assert.Empty(failures);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal(-1, cookie.Expires); // a browser-session cookie; the ticket itself expires after 30 idle minutes
        var subject = await app.WithDbAsync(db => db.Customers.Where(c => c.Id == enrolled["customerId"]!.GetValue<long>()).Select(c => c.Subject).SingleAsync());
        Assert.Equal(OidcProvider.SubjectOf(Email), subject);
    }

    [Fact]
    public async Task ThePortalSessionCarriesSubEmailVerifiedEmailAndNameAndNeverRolesFromTheProvider()
    {
        // The provider gives "staff…" logins Keycloak-style realm roles csr and admin: none may reach a portal session.
        const string staff = "staff.member@example.com";
        await using var page = await browser.NewPageAsync();

        await PortalSignIn.SignInThroughProviderAsync(page, Base, staff, PortalProbes.WhoAmIPath);
        var me = JsonNode.Parse(await page.Locator("body").InnerTextAsync())!.AsObject();

        Assert.Equal(OidcProvider.SubjectOf(staff), me["subject"]!.GetValue<string>());
        Assert.Equal(staff, me["email"]!.GetValue<string>());
        Assert.True(me["emailVerified"]!.GetValue<bool>());
        Assert.Equal("Staff Member", me["name"]!.GetValue<string>());
        Assert.False(me["isStaff"]!.GetValue<bool>());
        Assert.Empty(me["roles"]!.AsArray());
        Assert.Equal(["email", "email_verified", "name", "sub"], me["claimTypes"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("portal", me["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAuthorizationRequestCarriesAnS256CodeChallengeANonceAndAState()
    {
        await using var page = await browser.NewPageAsync(Chromium.Phone);
        var authorize = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith($"{app.OidcProvider.Issuer}/auth?", StringComparison.Ordinal)) authorize.Add(request.Url);
        };

        await page.GotoAsync($"{Base}/signin?ReturnUrl=%2Faccount");
        await page.Locator("input[name=login]").WaitForAsync();
        await Screenshots.SaveAsync(page, "provider-sign-in");

        var query = QueryHelpers.ParseQuery(new Uri(Assert.Single(authorize)).Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal(OidcProvider.ClientId, query["client_id"].ToString());
        Assert.Equal($"{Base}/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal(["email", "openid", "profile"], query["scope"].ToString().Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Matches(Base64Url43(), query["code_challenge"].ToString());
        Assert.Matches(Base64Url43(), query["nonce"].ToString());
        Assert.True(query["state"].ToString().Length > 40, "The state is the handler's protected properties.");
        Assert.False(query.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task ATamperedMissingOrForeignStateLandsOnSignInFailedNotA500()
    {
        // A real state, from another browser: it fails the correlation check there.
        await using var other = await browser.NewPageAsync();
        string? state = null;
        other.Request += (_, request) =>
        {
            if (request.Url.StartsWith($"{app.OidcProvider.Issuer}/auth?", StringComparison.Ordinal))
                state = QueryHelpers.ParseQuery(new Uri(request.Url).Query)["state"];
        };
        await other.GotoAsync($"{Base}/signin");
        Assert.NotNull(state);
        await using var page = await browser.NewPageAsync();
        var failures = ServerErrors(page);

        foreach (var callback in new[] { "/signin-oidc?code=abc&state=tampered", "/signin-oidc?code=abc", $"/signin-oidc?code=abc&state={Uri.EscapeDataString(state)}" })
        {
            await page.GotoAsync(Base + callback);
            Assert.True($"{Base}/signin/failed" == page.Url, $"{callback} ended on {page.Url}");
        }
        Assert.Empty(failures);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
    }

    [Fact]
    public async Task CancellingAtTheProviderComesBackAsAccessDeniedAndLandsOnSignInFailed()
    {
        await using var page = await browser.NewPageAsync();
        var callbacks = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith($"{Base}/signin-oidc", StringComparison.Ordinal)) callbacks.Add(request.Url);
        };
        var failures = ServerErrors(page);
        await page.GotoAsync($"{Base}/signin?ReturnUrl=%2Faccount");

        await page.GetByText("[ Cancel ]").ClickAsync();
        await page.WaitForURLAsync($"{Base}/signin/failed");

        Assert.Equal("access_denied", QueryHelpers.ParseQuery(new Uri(Assert.Single(callbacks)).Query)["error"].ToString());
        Assert.Empty(failures);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
    }

    [Fact]
    public async Task AfterTheProviderRotatesItsSigningKeyANewSignInStillWorks()
    {
        // A sign-in first, so the app holds the provider's current keys; then a refused, tampered one, which makes the
        // app ask for a key-set refresh just before the rotation (the order in which the worst case happens).
        await using (var before = await browser.NewPageAsync())
        {
            await PortalSignIn.SignInThroughProviderAsync(before, Base, Email, PortalProbes.WhoAmIPath);
            Assert.Equal($"{Base}{PortalProbes.WhoAmIPath}", before.Url);
        }
        await using (var tampered = await browser.NewPageAsync())
        {
            await app.OidcProvider.TamperNextIdTokenAsync();
            await PortalSignIn.SignInThroughProviderAsync(tampered, Base, Email);
            Assert.Equal($"{Base}/signin/failed", tampered.Url);
        }
        // The old key is no longer published: the next id_token verifies only if the app fetches the new key set.
        await app.OidcProvider.RotateSigningKeyAsync();
        // Past the app's refresh throttle (PortalOidcApp: one second), whatever test asked for a refresh just before.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        const string other = "jane.doe@example.com";
        await using var page = await browser.NewPageAsync();
        var failures = ServerErrors(page);

        await PortalSignIn.SignInThroughProviderAsync(page, Base, other, PortalProbes.WhoAmIPath);

        Assert.Equal($"{Base}{PortalProbes.WhoAmIPath}", page.Url);
        var me = JsonNode.Parse(await page.Locator("body").InnerTextAsync())!.AsObject();
        Assert.Equal(OidcProvider.SubjectOf(other), me["subject"]!.GetValue<string>());
        Assert.Equal(other, me["email"]!.GetValue<string>());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ATamperedIdTokenIsRefusedOnTheSignInFailedPageWithoutASession()
    {
        await using var page = await browser.NewPageAsync();
        var failures = ServerErrors(page);
        await app.OidcProvider.TamperNextIdTokenAsync();

        await PortalSignIn.SignInThroughProviderAsync(page, Base, Email);

        Assert.Equal($"{Base}/signin/failed", page.Url);
        Assert.Empty(failures);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
        var portalPage = await page.Context.APIRequest.GetAsync($"{Base}{PortalProbes.WhoAmIPath}", new() { MaxRedirects = 0 });
        Assert.Equal(302, portalPage.Status);
        Assert.StartsWith($"{Base}/signin?", portalPage.Headers["location"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutWithoutAnAntiforgeryTokenIs400AndKeepsTheSession()
    {
        await using var page = await browser.NewPageAsync();
        await PortalSignIn.SignInThroughProviderAsync(page, Base, Email);

        var response = await page.Context.APIRequest.PostAsync($"{Base}/signout", new() { Form = page.Context.APIRequest.CreateFormData(), MaxRedirects = 0 });
        using var anonymous = app.CreateClient();
        var withoutCookies = await anonymous.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(400, response.Status);
        Assert.Equal(HttpStatusCode.BadRequest, withoutCookies.StatusCode);
        var stillSignedIn = await page.GotoAsync($"{Base}{PortalProbes.WhoAmIPath}");
        Assert.Equal(200, stillSignedIn!.Status);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionHereAndAtTheProvider()
    {
        await using var page = await browser.NewPageAsync();
        await PortalSignIn.SignInThroughProviderAsync(page, Base, Email);
        var endSession = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith($"{app.OidcProvider.Issuer}/session/end?", StringComparison.Ordinal)) endSession.Add(request.Url);
        };

        await page.GotoAsync($"{Base}{PortalProbes.SignOutFormPath}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await page.WaitForURLAsync($"{Base}/signed-out");

        var query = QueryHelpers.ParseQuery(new Uri(Assert.Single(endSession)).Query);
        Assert.Equal(OidcProvider.ClientId, query["client_id"].ToString());
        Assert.Equal($"{Base}/signed-out", query["post_logout_redirect_uri"].ToString());
        Assert.Equal(3, query["id_token_hint"].ToString().Split('.').Length);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
        // Signed out at the provider too: signing in again asks for a login.
        await page.GotoAsync($"{Base}{PortalProbes.WhoAmIPath}");
        await page.Locator("input[name=login]").WaitForAsync();
        Assert.StartsWith(app.OidcProvider.Issuer, page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnauthenticatedVisitToAPortalPageRedirectsToSignInAndSignInChallengesAtTheProvider()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Base) };

        var page = await http.GetAsync($"{PortalProbes.WhoAmIPath}?tab=1");
        var signIn = await http.GetAsync("/signin?ReturnUrl=%2Faccount");
        var bearerOnly = await http.GetAsync("/api/customer");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"{Base}/signin?ReturnUrl=%2Ftest%2Fportal%2Fwhoami%3Ftab%3D1", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith($"{app.OidcProvider.Issuer}/auth?", signIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, bearerOnly.StatusCode);
    }

    [Fact]
    public async Task APortalSessionIsNotAnApiCredential()
    {
        await using var page = await browser.NewPageAsync();
        await PortalSignIn.SignInThroughProviderAsync(page, Base, Email, PortalProbes.WhoAmIPath);

        var api = await page.Context.APIRequest.GetAsync($"{Base}/api/customer");

        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task TheDevelopmentSignInHelperOpensASessionOfTheSameShape()
    {
        await using var page = await browser.NewPageAsync();

        await page.GotoAsync($"{Base}{PortalProbes.SignInAsPath}?sub=dev-customer-7&email=jane%40example.com&name=Jane%20Doe");
        await page.GotoAsync($"{Base}{PortalProbes.WhoAmIPath}");
        var me = JsonNode.Parse(await page.Locator("body").InnerTextAsync())!.AsObject();

        Assert.Equal("dev-customer-7", me["subject"]!.GetValue<string>());
        Assert.Equal("jane@example.com", me["email"]!.GetValue<string>());
        Assert.True(me["emailVerified"]!.GetValue<bool>());
        Assert.Equal("Jane Doe", me["name"]!.GetValue<string>());
        Assert.Equal(["email", "email_verified", "name", "sub"], me["claimTypes"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "customer-portal");
    }

    [Fact]
    public async Task TheAccessibilityCheckFailsWithAReadableListOnAPageWithSeriousViolations()
    {
        // The provider's development login page has unlabelled inputs and no document language.
        await using var page = await browser.NewPageAsync();
        await page.GotoAsync($"{Base}/signin");
        await page.Locator("input[name=login]").WaitForAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Accessibility.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("html-has-lang (serious)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\n    html: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains(page.Url, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Responses with a 5xx status, collected while the test runs.</summary>
    private static List<string> ServerErrors(IPage page)
    {
        var errors = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) errors.Add($"{response.Status} {response.Url}");
        };
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex Base64Url43();
}
