using System.Text.RegularExpressions;
using AngleSharp.Dom;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Portal;

/// <summary>
/// The portal's pages and the plan documents name the same retailer and give the same phone number and email:
/// customers are never told two different ways to reach us.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed partial class OneRetailerTests(SqliteApp app) : ProviderTests(app)
{
    /// <summary>The PUCT's own number, which Your Rights as a Customer gives for complaints.</summary>
    private const string PuctPhone = "tel:+18887828477";

    [Fact]
    public async Task ThePortalAndThePlanDocumentsGiveTheSameBrandPhoneAndEmail()
    {
        // With 123 Main Street's only meter taken, the meters step says to call us.
        await Client.EnrollAsync(Requests.Individual());
        using var browser = new PortalClient(App.BaseAddress);
        await StartServiceForms.CompleteStepsAsync(browser, "second.person@example.com", through: 4);
        var portal = new List<IDocument> { Html.Parse((await browser.GetAsync("/")).Html), Html.Parse((await browser.GetAsync("/start/meters")).Html) };
        Assert.Contains("No meters available", portal[1].QuerySelector("main h1")!.Text(), StringComparison.Ordinal);
        var documents = new List<IDocument>();
        foreach (var document in new[] { "efl", "tos", "yrac" })
            documents.Add(await Html.GetAsync(Client, $"/api/enrollment/plans/1001/{document}"));

        var brand = portal[0].QuerySelector(".brand")!.Text();
        Assert.Equal("OSSREP Energy", brand);
        Assert.All(documents, d => Assert.Equal(brand, d.QuerySelector(".retailer")!.Text()));
        Assert.All(portal.Concat(documents), d => Assert.EndsWith(brand, d.Title, StringComparison.Ordinal));
        var everyPage = portal.Concat(documents).ToList();
        Assert.Equal([("1-800-555-0100", "tel:+18005550100")], everyPage.SelectMany(ContactPhones).Distinct());
        Assert.All(everyPage, d => Assert.NotEmpty(ContactPhones(d)));
        Assert.Equal([("support@ossrep.example", "mailto:support@ossrep.example")], documents.SelectMany(ContactEmails).Distinct());
        Assert.All(everyPage, d => Assert.Equal(["1-800-555-0100"], PhoneNumbersWritten(d)));
        Assert.All(documents.Append(portal[0]), d => Assert.Contains("PUCT REP Certificate No. 10999 (demo)", d.Body!.Text(), StringComparison.Ordinal));
    }

    /// <summary>The retailer's phone links on a page (the PUCT's number aside), as (text, href).</summary>
    internal static IEnumerable<(string, string)> ContactPhones(IDocument page) =>
        page.QuerySelectorAll("a[href^='tel:']").Select(a => (a.Text(), a.GetAttribute("href")!)).Where(p => p.Item2 != PuctPhone);

    internal static IEnumerable<(string, string)> ContactEmails(IDocument page) =>
        page.QuerySelectorAll("a[href^='mailto:']").Select(a => (a.Text(), a.GetAttribute("href")!));

    /// <summary>Every toll-free number written anywhere on the page, linked or not, the PUCT's aside.</summary>
    internal static IReadOnlyList<string> PhoneNumbersWritten(IDocument page) =>
        TollFree().Matches(page.Body!.Text()).Select(m => m.Value).Where(n => n != "1-888-782-8477").Distinct().ToList();

    [GeneratedRegex(@"\b1-8\d\d-\d{3}-\d{4}\b")]
    private static partial Regex TollFree();
}
