using Microsoft.Playwright;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>What every portal page the browser tests visit must pass: a screenshot for people, then axe-core and a layout check.</summary>
public static class PageChecks
{
    /// <summary>Saves the screenshot <paramref name="name"/>, then fails on serious accessibility findings or on anything that scrolls sideways.</summary>
    public static async Task AssertAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await AssertNothingScrollsSidewaysAsync(page);
        await AssertIdentifiersStayOnOneLineAsync(page);
    }

    /// <summary>A confirmation, account, contract, bill or meter number (class "ident") is never broken across lines.</summary>
    public static async Task AssertIdentifiersStayOnOneLineAsync(IPage page)
    {
        var broken = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.ident, .confirmation-number')]
              .filter(el => el.getClientRects().length > 0)
              .filter(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                return lines.size > 1;
              })
              .map(el => el.textContent.trim())
            """);
        Assert.True(broken.Length == 0, $"{page.Url} at {page.ViewportSize?.Width}px breaks identifiers across lines: {string.Join(", ", broken)}");
    }

    /// <summary>
    /// Neither the page nor any scroll container in it is wider than the viewport: on a phone, tables restack and text
    /// wraps instead of hiding behind a sideways scroll.
    /// </summary>
    public static async Task AssertNothingScrollsSidewaysAsync(IPage page)
    {
        var offenders = await page.EvaluateAsync<string[]>("""
            () => {
              const found = [];
              const root = document.documentElement;
              if (root.scrollWidth > root.clientWidth + 1) found.push(`the page: ${root.scrollWidth}px in ${root.clientWidth}px`);
              for (const el of document.querySelectorAll('body *')) {
                const overflow = getComputedStyle(el).overflowX;
                if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1)
                  found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`);
              }
              return found;
            }
            """);
        Assert.True(offenders.Length == 0, $"{page.Url} at {page.ViewportSize?.Width}px scrolls sideways: {string.Join("; ", offenders)}");
    }
}
