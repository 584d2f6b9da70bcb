using System.Net;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Portal;

namespace CustomerService.Tests.Plans;

/// <summary>
/// The EFL, Terms of Service and Your Rights as a Customer as a browser receives them: styled by the site's own
/// stylesheet under the strict Content-Security-Policy, and the EFL in the PUCT's layout with the plan's figures.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class PlanDocumentTests(SqliteApp app) : ProviderTests(app)
{
    [Theory]
    [InlineData("efl")]
    [InlineData("tos")]
    [InlineData("yrac")]
    public async Task EachDocumentIsStyledByTheSitesStylesheetUnderAStrictContentSecurityPolicy(string document)
    {
        var response = await Client.GetAsync($"/api/enrollment/plans/1001/{document}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);
        // The policy would block inline style and script: the documents must need neither.
        Assert.Empty(page.QuerySelectorAll("style, script, [style]"));
        Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        var stylesheet = Assert.Single(page.QuerySelectorAll("head link[rel=stylesheet]")).GetAttribute("href");
        Assert.Equal("/css/documents.css", stylesheet);

        var css = await Client.GetAsync(stylesheet);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        var rules = await css.Content.ReadAsStringAsync();
        Assert.Contains("@page", rules, StringComparison.Ordinal);
        Assert.Contains("@media print", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEflHasThePuctLayoutWithThePlansFigures()
    {
        var efl = await Html.GetAsync(Client, "/api/enrollment/plans/1001/efl");

        var title = efl.QuerySelector("body > header")!;
        Assert.Equal("OSSREP Energy", title.QuerySelector(".retailer")!.Text());
        Assert.Equal("PUCT REP Certificate No. 10999 (demo)", title.QuerySelector(".certificate")!.Text());
        Assert.Equal("Electricity Facts Label", title.QuerySelector("h1")!.Text());
        Assert.Equal("Plan: Green Energy 12", title.QuerySelector(".plan")!.Text());
        Assert.Equal("Date: November 21, 2026", title.QuerySelector(".date")!.Text()); // today in Chicago, by the test clock
        Assert.Equal(["Electricity Price", "Other Key Terms and Questions", "Plan features", "About this plan"], efl.QuerySelectorAll("main h2").Select(h => h.Text()));

        Assert.Equal(
            [["Average Monthly Use", "500 kWh", "1,000 kWh", "2,000 kWh"], ["Average price per kWh", "13.9¢", "12.9¢", "12.4¢"]],
            efl.Table("Average price per kWh at each level of average monthly use"));
        var charges = efl.Table("What the average prices are made of");
        Assert.Equal("11.9¢ per kWh", charges.Row("Energy Charge"));
        Assert.Equal("$9.95 per billing cycle", charges.Row("Base Charge"));
        Assert.Contains("without mark-up", charges.Row("TDSP Delivery Charges"), StringComparison.Ordinal);
        Assert.Contains("Not included in the average prices above.", charges.Row("TDSP Delivery Charges"), StringComparison.Ordinal);
        Assert.Contains("TDSP delivery charges are not included in these averages.", efl.QuerySelector(".note")!.Text(), StringComparison.Ordinal);
        Assert.Contains("$128.95 ÷ 1,000 kWh = 12.9¢ per kWh", efl.Body!.Text(), StringComparison.Ordinal);

        var terms = efl.Table("Disclosure chart");
        Assert.Equal("Fixed rate", terms.Row("Type of product"));
        Assert.Equal("12 months", terms.Row("Contract term"));
        Assert.StartsWith("$150.00 If you end this contract before its term is over", terms.Row("Do I have a termination fee or any fees associated with terminating service?"), StringComparison.Ordinal);
        Assert.StartsWith("Fixed rate. Your price does not change during the contract term", terms.Row("Can my price change during the contract period?"), StringComparison.Ordinal);
        Assert.StartsWith("100% renewable This product is 100% renewable. That is more than the approximate statewide average in Texas, which is roughly 33%",
            terms.Row("Renewable content"), StringComparison.Ordinal);
        Assert.Equal(["100% Wind Energy", "Fixed Rate", "No Hidden Fees"], efl.QuerySelectorAll("main ul li").Select(li => li.Text()));
    }

    [Fact]
    public async Task AVariablePlanWithoutBaseChargeOrFeeSaysSo()
    {
        var efl = await Html.GetAsync(Client, "/api/enrollment/plans/1003/efl");

        Assert.Equal(
            [["Average Monthly Use", "500 kWh", "1,000 kWh", "2,000 kWh"], ["Average price per kWh", "13.2¢", "13.2¢", "13.2¢"]],
            efl.Table("Average price per kWh at each level of average monthly use"));
        Assert.Equal("$0.00 per billing cycle", efl.Table("What the average prices are made of").Row("Base Charge"));
        Assert.Contains("This plan has no base charge, so the average price is the energy charge of 13.2¢ per kWh at every level of use.", efl.Body!.Text(), StringComparison.Ordinal);
        var terms = efl.Table("Disclosure chart");
        Assert.Equal("Variable rate", terms.Row("Type of product"));
        Assert.Equal("Month-to-month", terms.Row("Contract term"));
        Assert.Equal("None You may end this plan at any time without a cancellation fee.", terms.Row("Do I have a termination fee or any fees associated with terminating service?"));
        Assert.StartsWith("Variable rate. Your price may change monthly, up or down.", terms.Row("Can my price change during the contract period?"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlanStepSaysWhatTheEflSaysAboutDeliveryCharges()
    {
        using var browser = new PortalClient(App.BaseAddress);
        await StartServiceForms.CompleteStepsAsync(browser, "efl.reader@example.com", through: 3);

        var (status, html, _) = await browser.GetAsync("/start/plan");

        Assert.Equal(HttpStatusCode.OK, status);
        var step = Html.Parse(html);
        var hint = step.QuerySelector("legend + .hint")!.Text();
        Assert.Contains("Those averages do not include your TDSP's delivery charges, which are passed through to you separately on your bill without mark-up.", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("delivery charges included", hint, StringComparison.Ordinal);
        var eflLinks = step.QuerySelectorAll("a").Where(a => a.Text() == "Electricity Facts Label (EFL)").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(4, eflLinks.Count);
        foreach (var link in eflLinks)
        {
            var efl = await Html.GetAsync(Client, link);
            Assert.Contains("Not included in the average prices above.", efl.Table("What the average prices are made of").Row("TDSP Delivery Charges"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownPlansDocumentIs404()
    {
        var missing = await (await Client.GetAsync("/api/enrollment/plans/4242/efl")).ProblemAsync(404);

        Assert.Contains("4242", missing["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EFL")]
    [InlineData("Tos")]
    public async Task TheDocumentNameIsNotCaseSensitive(string document)
    {
        var page = await Html.GetAsync(Client, $"/api/enrollment/plans/1002/{document}");

        Assert.Contains("Value Saver 24", page.QuerySelector("h1 + .plan")!.Text(), StringComparison.Ordinal);
    }
}
