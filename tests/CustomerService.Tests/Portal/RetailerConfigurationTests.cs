using AngleSharp.Dom;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerService.Tests.Portal;

/// <summary>The Retailer section names the retailer and its customer care everywhere; Portal:BrandName keeps its meaning; bad values stop the service.</summary>
public sealed class RetailerConfigurationTests
{
    private sealed class Factory(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        private readonly string _data = Directory.CreateTempSubdirectory("customer-service-retailer-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Customers", $"Data Source={Path.Combine(_data, "c.db")}");
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(_data, "keys"));
            builder.UseSetting("Contracts:LifecycleJob:Enabled", "false");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
        }
    }

    private static async Task<IReadOnlyList<IDocument>> PortalAndDocumentsAsync(HttpClient client)
    {
        var pages = new List<IDocument> { await Html.GetAsync(client, "/") };
        foreach (var document in new[] { "efl", "tos", "yrac" })
            pages.Add(await Html.GetAsync(client, $"/api/enrollment/plans/1002/{document}"));
        return pages;
    }

    [Fact]
    public async Task TheConfiguredRetailerIsWhatThePortalAndEveryDocumentSay()
    {
        await using var factory = new Factory(new()
        {
            ["Retailer:Name"] = "Bluebonnet Power",
            ["Retailer:CertificateNumber"] = "10321",
            ["Retailer:Phone"] = "1-888-555-0142",
            ["Retailer:Email"] = "care@bluebonnet.example",
            ["Retailer:Hours"] = "every day, 7 a.m. to 9 p.m. Central Time",
        });
        using var client = factory.CreateClient();

        var pages = await PortalAndDocumentsAsync(client);

        Assert.Equal("Bluebonnet Power", pages[0].QuerySelector(".brand")!.Text());
        Assert.All(pages.Skip(1), d => Assert.Equal("Bluebonnet Power", d.QuerySelector(".retailer")!.Text()));
        Assert.Equal([("1-888-555-0142", "tel:+18885550142")], pages.SelectMany(OneRetailerTests.ContactPhones).Distinct());
        Assert.Equal([("care@bluebonnet.example", "mailto:care@bluebonnet.example")], pages.SelectMany(OneRetailerTests.ContactEmails).Distinct());
        Assert.All(pages, d =>
        {
            var text = d.Body!.Text();
            Assert.Contains("PUCT REP Certificate No. 10321", text, StringComparison.Ordinal);
            Assert.Contains("every day, 7 a.m. to 9 p.m. Central Time", text, StringComparison.Ordinal);
            Assert.DoesNotContain("OSSREP", text, StringComparison.Ordinal);
            Assert.Equal(["1-888-555-0142"], OneRetailerTests.PhoneNumbersWritten(d));
        });
    }

    [Fact]
    public async Task PortalBrandNameStillNamesTheRetailerInThePortalAndTheDocuments()
    {
        await using var factory = new Factory(new() { ["Portal:BrandName"] = "Lone Star Light" });
        using var client = factory.CreateClient();

        var pages = await PortalAndDocumentsAsync(client);

        Assert.Equal("Lone Star Light", pages[0].QuerySelector(".brand")!.Text());
        Assert.All(pages.Skip(1), d => Assert.Equal("Lone Star Light", d.QuerySelector(".retailer")!.Text()));
        Assert.All(pages, d => Assert.DoesNotContain("OSSREP", d.Body!.Text(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Portal:BrandName", "Lone Star Light", "Retailer:Name", "Bluebonnet Power", "Portal:BrandName")]
    [InlineData("Retailer:Phone", "555-0100", null, null, "Retailer:Phone")]
    [InlineData("Retailer:Email", "support at ossrep", null, null, "Retailer:Email")]
    [InlineData("Retailer:CertificateNumber", " ", null, null, "Retailer:CertificateNumber")]
    public void AnAmbiguousOrInvalidRetailerStopsTheServiceAtStart(string key, string value, string? otherKey, string? otherValue, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (otherKey is not null) settings[otherKey] = otherValue;
        using var factory = new Factory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
