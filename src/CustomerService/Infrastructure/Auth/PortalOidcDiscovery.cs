using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The provider's discovery document and signing keys for the portal sign-in, fetched on first use and cached
/// (never at start: the service must start while the provider is down). A failed fetch is retried after
/// <see cref="RetryAfterFailure"/>, not the library's five minutes, so a provider that comes back is usable soon.
/// </summary>
public sealed class PortalOidcDiscovery : IDisposable
{
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;

    public PortalOidcDiscovery(string authority, bool requireHttps)
    {
        MetadataAddress = authority.TrimEnd('/') + "/.well-known/openid-configuration";
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            MetadataAddress, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever(_http) { RequireHttps = requireHttps })
        {
            RefreshInterval = RetryAfterFailure,
        };
    }

    public string MetadataAddress { get; }

    /// <summary>The cached configuration, fetched when missing or due; throws when the provider cannot be reached and nothing is cached.</summary>
    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken ct) => _manager.GetConfigurationAsync(ct);

    /// <summary>Asks for a fresh fetch on the next <see cref="GetAsync"/> (e.g. an id_token signed with a key not seen yet).</summary>
    public void RequestRefresh() => _manager.RequestRefresh();

    public void Dispose() => _http.Dispose();
}
