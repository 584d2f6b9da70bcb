using System.Net;
using System.Text.RegularExpressions;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// A browser-like HTTP client for the portal's pages: keeps cookies, does not follow redirects (tests assert them),
/// and posts forms with the antiforgery token of the page that shows them, as a browser would.
/// </summary>
public sealed partial class PortalClient : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly Uri _base;
    private readonly HttpClient _http;

    public PortalClient(string baseAddress)
    {
        _base = new Uri(baseAddress);
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _base };
    }

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>GETs the page at <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/> (default: the same page).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var (status, html, _) = await GetAsync(formPage);
        Assert.True(status == HttpStatusCode.OK, $"GET {formPage} answered {(int)status}, not the form.");
        return await PostWithTokenAsync(action ?? formPage, TokenIn(html), fields);
    }

    public Task<HttpResponseMessage> PostWithTokenAsync(string action, string token, IEnumerable<KeyValuePair<string, string>> fields) =>
        _http.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));

    public static string TokenIn(string html)
    {
        var match = AntiforgeryToken().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static IReadOnlyList<string> ErrorMessagesIn(string html) =>
        ErrorMessage().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>Drops a cookie, as a browser does when it expires or the user clears it.</summary>
    public void ForgetCookie(string name)
    {
        var cookie = _cookies.GetCookies(_base).FirstOrDefault(c => c.Name == name);
        Assert.True(cookie is not null, $"The browser holds no cookie named {name}.");
        cookie.Expired = true;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<span class=\"visually-hidden\">Error: </span>([^<]+)</span>")]
    private static partial Regex ErrorMessage();
}

/// <summary>Form fields, in order, as a browser posts them (a key may repeat, as checkboxes do).</summary>
public sealed class Form : List<KeyValuePair<string, string>>
{
    public void Add(string name, string value) => Add(new KeyValuePair<string, string>(name, value));
}
