namespace CustomerService.Infrastructure.Auth;

/// <summary>Names of the customer portal's browser sign-in: a cookie session, opened through the OIDC provider.</summary>
public static class PortalAuthentication
{
    /// <summary>The cookie session every portal page authenticates with (policy <see cref="AuthorizationPolicies.Portal"/>).</summary>
    public const string CookieScheme = "portal";

    /// <summary>The remote scheme that signs in at Auth:Authority (authorization code + PKCE); registered only when an authority is set.</summary>
    public const string OidcScheme = "portal-oidc";

    public const string CookieName = "customer-portal";

    public const string SignInPath = "/signin";
    public const string DevelopmentSignInPath = "/signin/development";
    public const string SignInFailedPath = "/signin/failed";
    public const string SignOutPath = "/signout";
    public const string SignedOutPath = "/signed-out";
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Where a sign-in goes when it names no (local) return URL.</summary>
    public const string DefaultReturnUrl = "/account";

    /// <summary>The claim types of a portal identity; <see cref="CurrentUser.From"/> reads them. Never roles.</summary>
    public static class Claims
    {
        public const string Subject = "sub";
        public const string Email = "email";
        public const string EmailVerified = "email_verified";
        public const string Name = "name";
    }
}

/// <summary>The portal's OIDC client at the provider (configuration section "Portal").</summary>
public sealed class PortalSignInOptions
{
    public const string Section = "Portal";

    /// <summary>The portal's client id at Auth:Authority (deploy/keycloak: customer-portal).</summary>
    public string ClientId { get; set; } = "customer-portal";

    /// <summary>The confidential client's secret; required when Auth:Authority is set.</summary>
    public string? ClientSecret { get; set; }
}
