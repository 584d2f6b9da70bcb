using System.Net;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Portal;

/// <summary>
/// The service as a retailer deploys it: Production, behind a TLS-terminating reverse proxy, with
/// ASPNETCORE_FORWARDEDHEADERS_ENABLED=true. The proxy's X-Forwarded-Proto makes the request HTTPS to the app, so
/// HSTS is sent, the sign-in callback URL is https and the sign-in cookies are Secure; a plain-HTTP request gets none of that.
/// </summary>
public sealed class BehindProxyTests(BehindProxyApp app) : IClassFixture<BehindProxyApp>
{
    [Fact]
    public async Task HttpsAtTheProxySendsHstsAndPlainHttpDoesNot()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };

        var proxied = await http.SendAsync(Forwarded(HttpMethod.Get, "/"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        var hsts = Assert.Single(proxied.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000; includeSubDomains", hsts);

        var plain = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = PublicHost } });
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP is ignored by browsers and must not be sent.");
    }

    [Fact]
    public async Task SignInSendsTheProviderAnHttpsCallbackOnThePublicHostAndSetsSecureCookies()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseAddress) };
        var response = await http.SendAsync(Forwarded(HttpMethod.Get, "/signin?returnUrl=%2Faccount"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(app.Issuer.Authority, location.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal($"https://{PublicHost}/signin-oidc", query["redirect_uri"]);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private const string PublicHost = "portal.retailer.example";

    /// <summary>A request as the proxy passes it on after terminating TLS: the public Host kept, scheme and client address forwarded.</summary>
    private static HttpRequestMessage Forwarded(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { Host = PublicHost } };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }
}
