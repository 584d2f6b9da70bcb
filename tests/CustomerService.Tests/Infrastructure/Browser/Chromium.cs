using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(CustomerService.Tests.Infrastructure.Browser.Chromium))]

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>
/// One headless Debian Chromium for the whole test run, driven by Playwright, launched on the first page a test asks
/// for (test runs without browser tests never start it). Never downloads a browser: it is /usr/bin/chromium or a skip.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";
    public const int Desktop = 1280;
    public const int Phone = 375;

    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// A page in a fresh context of its own (no cookies shared with other pages), <paramref name="width"/> CSS pixels wide.
    /// Disposing the page closes its context. CSP is bypassed so <see cref="Accessibility"/> can inject axe-core, unless
    /// <paramref name="enforceCsp"/> asks to see the page as the service's policy lets a browser render it;
    /// requests leaving loopback are refused, so tests never depend on the internet.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = Desktop, bool enforceCsp = false)
    {
        var browser = await BrowserAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 812 : 800 },
            IsMobile = width < 600,
            HasTouch = width < 600,
            BypassCSP = !enforceCsp,
            Locale = "en-US",
            TimezoneId = "America/Chicago",
        });
        await page.Context.RouteAsync("**/*", route =>
            IsLoopback(route.Request.Url) ? route.ContinueAsync() : route.AbortAsync("blockedbyclient"));
        page.SetDefaultTimeout(15_000);
        return page;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is not null) return _browser;
        await _launch.WaitAsync();
        try
        {
            if (_browser is not null) return _browser;
            if (!File.Exists(ExecutablePath))
                throw Prerequisite.Missing($"Chromium is not installed at {ExecutablePath}: browser tests need Debian's chromium (apt-get install chromium; bash .ci/run installs it).");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Args = Arguments,
                Headless = true,
            });
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Scheme is "data" or "blob" or "about");

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _launch.Dispose();
    }
}
