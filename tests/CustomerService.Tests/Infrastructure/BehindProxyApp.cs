namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// Production behind a TLS-terminating reverse proxy: forwarded headers honoured (ASPNETCORE_FORWARDEDHEADERS_ENABLED),
/// an external identity provider (the test issuer), SQLite.
/// </summary>
public sealed class BehindProxyApp : CustomerServiceApp
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [Microsoft.AspNetCore.Hosting.WebHostDefaults.EnvironmentKey] = "Production",
        ["FORWARDEDHEADERS_ENABLED"] = "true",
    };
}
