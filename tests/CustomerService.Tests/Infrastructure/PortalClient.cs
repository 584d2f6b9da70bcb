using System.Net;
using System.Text.RegularExpressions;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// A browser-like HTTP client for the portal's pages: keeps cookies, does not follow redirects (tests assert them),
/// and submits the forms the pages render, as a person with a browser would (<see cref="SubmitAsync(string, Form?, string?)"/>).
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

    /// <summary>
    /// GETs <paramref name="page"/> and submits the form it rendered inside &lt;main&gt; (the one whose action ends with
    /// <paramref name="action"/>, or that <paramref name="which"/> picks, where there are several) after the changes a
    /// person makes: typing into a field, ticking or unticking boxes, choosing a radio button or an option, pressing a
    /// named button. Everything else goes as the page rendered it, hidden fields and the antiforgery token included.
    /// A change that names a field the form does not render, a value no radio button or option offers, or a hidden
    /// field fails the test.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, Form? changes = null, string? action = null, Func<IHtmlFormElement, bool>? which = null) =>
        await (await PrepareAsync(page, changes, action, which))();

    /// <summary>Submits a form of a page already fetched (<paramref name="html"/>, served at <paramref name="page"/>), as <see cref="SubmitAsync(string, Form?, string?, Func{IHtmlFormElement, bool}?)"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string html, Form? changes = null, string? action = null) =>
        await (await PrepareAsync(page, html, changes, action, null))();

    /// <summary>The filled-in form of <paramref name="page"/>, ready to send: call it once per press of the button (a double click calls it twice).</summary>
    public async Task<Func<Task<HttpResponseMessage>>> PrepareAsync(string page, Form? changes = null, string? action = null, Func<IHtmlFormElement, bool>? which = null)
    {
        var (status, html, _) = await GetAsync(page);
        Assert.True(status == HttpStatusCode.OK, $"GET {page} answered {(int)status}, not the form.");
        return await PrepareAsync(page, html, changes, action, which);
    }

    private async Task<Func<Task<HttpResponseMessage>>> PrepareAsync(string page, string html, Form? changes, string? action, Func<IHtmlFormElement, bool>? which)
    {
        using var context = BrowsingContext.New(Configuration.Default);
        using var document = await context.OpenAsync(r => r.Content(html).Address(new Uri(_base, page)));
        var forms = document.QuerySelectorAll<IHtmlFormElement>("main form")
            .Where(f => action is null || new Uri(f.Action).AbsolutePath.EndsWith(action, StringComparison.Ordinal))
            .Where(f => which is null || which(f)).ToList();
        Assert.True(forms.Count == 1, $"{page} renders {forms.Count} matching forms in main{(action is null ? "" : $" posting to {action}")}; say which.");
        var form = forms[0];
        var submitter = RenderedForm.Apply(form, changes ?? []);
        var submission = submitter is null ? form.GetSubmission() : form.GetSubmission(submitter);
        Assert.True(submission is not null, $"The form of {page} cannot be submitted.");
        using var buffer = new MemoryStream();
        await submission.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var contentType = submission.Headers["Content-Type"];
        var method = new HttpMethod(submission.Method.ToString().ToUpperInvariant());
        var target = new Uri(submission.Target.Href).PathAndQuery;
        return () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            return _http.SendAsync(new HttpRequestMessage(method, target) { Content = content });
        };
    }

    /// <summary>For tests of a hostile client only: posts fields of the test's choosing with a page's antiforgery token.</summary>
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
