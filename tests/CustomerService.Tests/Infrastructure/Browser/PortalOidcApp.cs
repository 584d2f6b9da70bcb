using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>
/// The service on SQLite whose Auth:Authority is a real OpenID provider (tests/oidc-provider) with the portal as its
/// confidential client. The provider listens first (its issuer goes into the app's configuration; the app reads
/// discovery only at the first sign-in), then learns the app's redirect URI once the app listens.
/// Also maps test-only probe routes (<see cref="PortalProbes"/>).
/// </summary>
public sealed class PortalOidcApp : CustomerServiceApp
{
    private OidcProvider? _provider;
    private string? _missing;

    public OidcProvider OidcProvider => _provider ?? throw new InvalidOperationException(_missing ?? "The provider has not started.");

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = OidcProvider.Issuer,
        ["Auth:RequireHttpsMetadata"] = "false",
        ["Portal:ClientId"] = OidcProvider.ClientId,
        ["Portal:ClientSecret"] = OidcProvider.ClientSecret,
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<IStartupFilter, PortalProbes>();
        // The app's TimeProvider is the test clock, hours behind the real one; the correlation cookie's Expires
        // attribute is read by the browser against the real clock, so the remote scheme keeps the real clock.
        services.PostConfigure<OpenIdConnectOptions>(PortalAuthentication.OidcScheme, o =>
        {
            o.TimeProvider = TimeProvider.System;
            // A key-set refresh is asked for at most once per RefreshInterval (5 minutes by default, so a flood of forged
            // tokens cannot make the app hammer the provider). Tests that tamper with an id_token and rotate the
            // provider's key run seconds apart, so this app allows a refresh a second after the last one.
            // The handler's own post-configuration has already built the configuration manager from the options.
            if (o.ConfigurationManager is Microsoft.IdentityModel.Protocols.ConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration> keys)
                keys.RefreshInterval = Microsoft.IdentityModel.Protocols.ConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration>.MinimumRefreshInterval;
        });
    }

    public override async ValueTask InitializeAsync()
    {
        _missing = OidcProvider.MissingPrerequisite();
        if (_missing is not null)
        {
            if (Prerequisite.InCi) throw new InvalidOperationException(_missing);
            return;
        }
        _provider = await OidcProvider.StartAsync();
        await base.InitializeAsync();
        await _provider.ConfigureClientAsync([$"{BaseAddress}/signin-oidc"], [$"{BaseAddress}/signed-out"]);
    }

    public override void SkipIfUnavailable()
    {
        if (_missing is not null) Assert.Skip(_missing);
        base.SkipIfUnavailable();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
[Trait(TestCategory.Trait, TestCategory.Browser)]
public sealed class PortalOidcCollection : ICollectionFixture<PortalOidcApp>
{
    public const string Name = "portal-oidc";
}
