using System.Text.RegularExpressions;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Enrollment;

/// <summary>The README's demo-address table is what the service really seeds: a newcomer can trust it.</summary>
[Collection(SqliteCollection.Name)]
public sealed partial class ReadmeDemoDataTests(SqliteApp app) : ProviderTests(app)
{
    [Fact]
    public async Task EveryDemoAddressInTheReadmeHasItsMetersAndPlans()
    {
        var rows = DemoRows().ToList();
        Assert.True(rows.Count >= 30, $"the README lists {rows.Count} demo addresses");

        foreach (var (street, unit, zip, meterIds, planIds) in rows)
        {
            var query = $"/api/enrollment/meters?street={Uri.EscapeDataString(street)}&unit={Uri.EscapeDataString(unit ?? "")}&zip={zip}";
            var meters = (await (await Client.GetAsync(query)).JsonAsync())["meters"]!.AsArray().Select(m => m!["meterId"]!.GetValue<long>());
            Assert.True(meterIds.SequenceEqual(meters), $"{street} {unit} {zip}: README says meters {string.Join(",", meterIds)}");

            var plans = (await (await Client.GetAsync($"/api/enrollment/plans?zip={zip}")).JsonAsync())["plans"]!.AsArray().Select(p => p!["planId"]!.GetValue<long>());
            Assert.True(planIds.SequenceEqual(plans), $"{zip}: README says plans {string.Join(",", planIds)}");
        }
    }

    private static IEnumerable<(string Street, string? Unit, string Zip, long[] Meters, long[] Plans)> DemoRows()
    {
        var readme = FindReadme();
        foreach (Match m in Row().Matches(File.ReadAllText(readme)))
        {
            var parts = m.Groups["address"].Value.Split(", ");
            var street = parts[0];
            var unit = parts.Length == 3 ? parts[1] : null;
            var range = m.Groups["meters"].Value.Split('–').Select(long.Parse).ToArray();
            var meters = range.Length == 1 ? range : Enumerable.Range((int)range[0], (int)(range[1] - range[0] + 1)).Select(i => (long)i).ToArray();
            var plans = m.Groups["plans"].Value.Split(' ').Select(long.Parse).ToArray();
            yield return (street, unit, m.Groups["zip"].Value, meters, plans);
        }
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "CustomerService.sln"))) return candidate;
        }
        throw new FileNotFoundException("README.md beside CustomerService.sln");
    }

    [GeneratedRegex(@"^\| (?<address>[^|]+) \| (?<zip>\d{5}) \| [A-Z_]+ \| (residential|commercial) \| (?<meters>[\d–]+) \| (?<plans>[\d ]+) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
