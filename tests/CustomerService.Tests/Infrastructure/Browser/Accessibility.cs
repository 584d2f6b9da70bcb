using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>Accessibility checks with axe-core (tests/oidc-provider/node_modules/axe-core), run inside the page.</summary>
public static class Accessibility
{
    private static string AxeScript => Path.Combine(Prerequisite.OidcProviderFolder, "node_modules", "axe-core", "axe.min.js");

    /// <summary>Fails with a readable list when axe finds a violation of impact serious or critical on the page as it is now.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(AxeScript))
            throw Prerequisite.Missing($"axe-core is not installed ({AxeScript}): run npm ci in tests/oidc-provider (the test project's build does, when npm is installed).");
        // Pages come from Chromium.NewPageAsync with BypassCSP, so the portal's script-src 'self' does not block this.
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '')) }));
            }
            """);
        if (violations.GetArrayLength() == 0) return;

        var report = new StringBuilder($"axe-core found {violations.GetArrayLength()} serious or critical accessibility violation(s) on {page.Url}:");
        foreach (var violation in violations.EnumerateArray())
        {
            report.Append($"\n- {violation.GetProperty("id").GetString()} ({violation.GetProperty("impact").GetString()}): {violation.GetProperty("help").GetString()}");
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
                report.Append($"\n    {node.GetString()?.ReplaceLineEndings(" ")}");
        }
        Assert.Fail(report.ToString());
    }
}
