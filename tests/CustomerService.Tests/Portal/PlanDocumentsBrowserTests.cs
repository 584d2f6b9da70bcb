using System.Text;
using System.Text.RegularExpressions;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using Microsoft.Playwright;

namespace CustomerService.Tests.Portal;

/// <summary>
/// The plan documents in Chromium: styled by the site's stylesheet under the service's own Content-Security-Policy,
/// readable at desktop and phone widths without sideways scrolling, and the EFL printable on one or two pages.
/// Screenshots go to test-output/portal (listed in the README).
/// </summary>
[Collection(DevelopmentIdentityCollection.Name)]
[Trait(TestCategory.Trait, TestCategory.Browser)]
public sealed partial class PlanDocumentsBrowserTests(DevelopmentIdentityApp app, Chromium chromium) : ProviderTests(app)
{
    [Theory]
    [InlineData("efl", Chromium.Desktop)]
    [InlineData("efl", Chromium.Phone)]
    [InlineData("tos", Chromium.Phone)]
    [InlineData("yrac", Chromium.Phone)]
    public async Task EachDocumentIsStyledUnderTheServicesPolicyAndReadableAtThisWidth(string document, int width)
    {
        var url = $"{App.BaseAddress}/api/enrollment/plans/1001/{document}";

        // As the policy lets a browser render it: the stylesheet applies and nothing is refused.
        var strict = await chromium.NewPageAsync(width, enforceCsp: true);
        var refused = new List<string>();
        strict.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text);
        };
        await strict.GotoAsync(url);
        var styled = await strict.EvaluateAsync<string[]>("""
            () => {
              const titleBlock = getComputedStyle(document.querySelector('body > header'));
              const cells = [...document.querySelectorAll('main td')].map(td => getComputedStyle(td));
              return [getComputedStyle(document.body).fontFamily, titleBlock.borderBottomStyle, titleBlock.borderBottomWidth,
                      ...cells.map(c => `${c.borderTopStyle} ${c.borderTopWidth}`)];
            }
            """);
        Assert.StartsWith("system-ui", styled[0], StringComparison.Ordinal);
        Assert.Equal("solid", styled[1]);
        Assert.NotEqual("0px", styled[2]);
        Assert.All(styled.Skip(3), border => Assert.Equal("solid 1px", border)); // every table has visible borders
        Assert.Empty(refused);
        await PageChecks.AssertNothingScrollsSidewaysAsync(strict);

        // Then what every page the browser tests visit must pass (axe-core needs the policy bypassed).
        var page = await chromium.NewPageAsync(width);
        await page.GotoAsync(url);
        await PageChecks.AssertAsync(page, $"plan-{document}");
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1003)]
    [InlineData(1004)]
    public async Task TheEflPrintsOnOneOrTwoLetterPagesWithItsPriceTable(long planId)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{App.BaseAddress}/api/enrollment/plans/{planId}/efl");
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Average price per kWh at each level of average monthly use" })).ToBeVisibleAsync();
        if (planId == 1001) await Screenshots.SaveAsync(page, "plan-efl-print");
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = false });

        Assert.InRange(PdfPage().Count(Encoding.Latin1.GetString(pdf)), 1, 2);
    }

    [GeneratedRegex(@"/Type\s*/Page(?!s)\b")]
    private static partial Regex PdfPage();
}
