using Microsoft.Playwright;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>Full-page screenshots for people to look at: test-output/portal/&lt;name&gt;-&lt;width&gt;.png at the repository root (git-ignored).</summary>
public static class Screenshots
{
    public static string Folder => Path.Combine(Prerequisite.RepositoryRoot().FullName, "test-output", "portal");

    /// <summary>Saves the page as it is now and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var width = page.ViewportSize?.Width ?? 0;
        var path = Path.Combine(Folder, $"{name}-{width}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
