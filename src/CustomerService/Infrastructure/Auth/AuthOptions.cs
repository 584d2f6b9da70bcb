namespace CustomerService.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The OIDC issuer (Keycloak: https://host/realms/customer-service). Empty = development identity mode.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience access tokens must carry.</summary>
    public string Audience { get; set; } = "customer-service-api";

    /// <summary>Fetch discovery and keys over HTTPS only. May be false only for a loopback authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool DevelopmentIdentity => string.IsNullOrWhiteSpace(Authority);
}
