namespace CustomerService.Infrastructure.Auth;

/// <summary>Realm roles, as Keycloak puts them in <c>realm_access.roles</c>.</summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string Csr = "csr";
    public const string Admin = "admin";
    /// <summary>Other services (client credentials): Billing, Metering, event consumers.</summary>
    public const string Service = "service";
}

/// <summary>Names of the authorization policies endpoints require.</summary>
public static class AuthorizationPolicies
{
    public const string Customer = "customer";
    /// <summary>A customer for themself, or csr/admin acting for a customer they select.</summary>
    public const string SelfService = "self-service";
    /// <summary>csr or admin.</summary>
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string Service = "service";
    /// <summary>A browser signed in to the customer portal (cookie session).</summary>
    public const string Portal = "portal";
}
