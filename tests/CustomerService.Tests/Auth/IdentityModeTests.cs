using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Auth;

/// <summary>The embedded default's development identity mode, and the configurations the service refuses.</summary>
public sealed class IdentityModeTests
{
    private sealed class Factory(string environment, Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        private readonly string _data = Directory.CreateTempSubdirectory("customer-service-identity-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:Customers", $"Data Source={Path.Combine(_data, "c.db")}");
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(_data, "keys"));
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
        }
    }

    [Fact]
    public void WithoutAnAuthorityTheServiceRefusesToStartInProduction()
    {
        using var factory = new Factory("Production", []);

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Auth:Authority", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpMetadataIsRefusedForANonLoopbackAuthority()
    {
        using var factory = new Factory("Development", new() { ["Auth:Authority"] = "http://keycloak.example.com/realms/customer-service", ["Auth:RequireHttpsMetadata"] = "false" });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("RequireHttpsMetadata", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentIdentityIssuesTokensForEnrolledCustomersAndStaff()
    {
        await using var factory = new Factory("Development", []);
        using var client = factory.CreateClient();
        var enrolled = await (await client.EnrollAsync(Requests.Individual(startDate: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))).JsonAsync();
        var customerId = enrolled["customerId"]!.GetValue<long>();

        var token = await (await client.PostAsJsonAsync("/dev/identity/token", new { customerId })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        var profile = await (await client.GetAsync("/api/customer")).JsonAsync();
        Assert.Equal(customerId, profile["customerId"]!.GetValue<long>());

        var csr = await (await client.PostAsJsonAsync("/dev/identity/token", new { role = "csr" })).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", csr["accessToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/customer?customerId={customerId}")).StatusCode);

        await (await client.PostAsJsonAsync("/dev/identity/token", new { role = "root" })).ProblemAsync(400);
    }

    [Fact]
    public async Task WithAnAuthorityThereIsNoDevelopmentTokenEndpoint()
    {
        await using var issuer = await TestIssuer.StartAsync(TimeProvider.System);
        await using var factory = new Factory("Development", new() { ["Auth:Authority"] = issuer.Authority, ["Auth:RequireHttpsMetadata"] = "false", ["Portal:ClientSecret"] = "test-portal-secret" });
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/dev/identity/token", new { role = "admin" })).StatusCode);
    }

    [Fact]
    public void WithAnAuthorityThePortalClientSecretIsRequired()
    {
        using var factory = new Factory("Development", new() { ["Auth:Authority"] = "http://127.0.0.1:1/realms/customer-service", ["Auth:RequireHttpsMetadata"] = "false" });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Portal:ClientSecret is not set", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnAuthorityTheServiceStartsWhileTheProviderIsDownAndSignInFailsGracefully()
    {
        // Port 1 on loopback: nothing listens, so discovery fails at the first sign-in, not at start.
        await using var factory = new Factory("Development", new() { ["Auth:Authority"] = "http://127.0.0.1:1/realms/customer-service", ["Auth:RequireHttpsMetadata"] = "false", ["Portal:ClientSecret"] = "s" });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var signIn = await client.GetAsync("/signin?ReturnUrl=/account");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/signin/failed", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task InDevelopmentIdentityModeSignInGoesToTheDevelopmentSignInPageWithALocalReturnUrl()
    {
        await using var factory = new Factory("Development", []);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var local = await client.GetAsync("/signin?ReturnUrl=%2Faccount%2Fcontracts%3Fx%3D1");
        var foreign = await client.GetAsync("/signin?ReturnUrl=https%3A%2F%2Fevil.example%2F");
        var protocolRelative = await client.GetAsync("/signin?ReturnUrl=%2F%2Fevil.example%2F");

        Assert.Equal("/signin/development?ReturnUrl=%2Faccount%2Fcontracts%3Fx%3D1", local.Headers.Location?.OriginalString);
        Assert.Equal("/signin/development?ReturnUrl=%2Faccount", foreign.Headers.Location?.OriginalString);
        Assert.Equal("/signin/development?ReturnUrl=%2Faccount", protocolRelative.Headers.Location?.OriginalString);
    }
}
