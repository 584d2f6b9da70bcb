using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The customer portal's browser sign-in: a cookie session (scheme <see cref="PortalAuthentication.CookieScheme"/>),
/// opened through the OIDC provider of Auth:Authority (authorization code + PKCE) or, in development identity mode,
/// by the development sign-in page. The JWT bearer stays the default scheme for /api.
/// </summary>
public static partial class PortalSignIn
{
    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var portal = builder.Configuration.GetSection(PortalSignInOptions.Section).Get<PortalSignInOptions>() ?? new PortalSignInOptions();
        builder.Services.AddOptions<PortalSignInOptions>().Bind(builder.Configuration.GetSection(PortalSignInOptions.Section));
        builder.Services.AddAntiforgery();

        var authentication = builder.Services.AddAuthentication().AddCookie(PortalAuthentication.CookieScheme, cookie =>
        {
            cookie.Cookie.Name = PortalAuthentication.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = PortalAuthentication.SignInPath;
            cookie.AccessDeniedPath = PortalAuthentication.SignInPath;
            cookie.ReturnUrlParameter = "ReturnUrl";
        });

        builder.Services.AddAuthorizationBuilder().AddPolicy(AuthorizationPolicies.Portal, p => p
            .AddAuthenticationSchemes(PortalAuthentication.CookieScheme)
            .RequireAuthenticatedUser());

        if (auth.DevelopmentIdentity) return builder;

        if (string.IsNullOrWhiteSpace(portal.ClientId))
            throw new InvalidOperationException("Portal:ClientId is empty. Set it to the portal's client id at Auth:Authority (deploy/keycloak: customer-portal).");
        if (string.IsNullOrWhiteSpace(portal.ClientSecret))
            throw new InvalidOperationException(
                "Portal:ClientSecret is not set. With Auth:Authority set, the portal signs customers in at the OIDC provider as a confidential client " +
                $"('{portal.ClientId}'); set Portal:ClientSecret (environment variable Portal__ClientSecret) to that client's secret.");

        // Discovery is fetched on the first sign-in, not here: the service starts while the provider is down.
        builder.Services.AddSingleton(_ => new PortalOidcDiscovery(auth.Authority!, auth.RequireHttpsMetadata));
        authentication.AddOAuth<PortalOidcOptions, PortalOidcHandler>(PortalAuthentication.OidcScheme, "Customer sign-in", oidc =>
        {
            oidc.SignInScheme = PortalAuthentication.CookieScheme;
            oidc.ClientId = portal.ClientId;
            oidc.ClientSecret = portal.ClientSecret;
            oidc.CallbackPath = PortalAuthentication.CallbackPath;
            oidc.UsePkce = true;
            oidc.SaveTokens = false; // the handler keeps the id_token only, for id_token_hint at sign-out
            oidc.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }) oidc.Scope.Add(scope);
            // The callback is a top-level GET from the provider: Lax is enough, and it works over plain http on localhost.
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.Events.OnRemoteFailure = context =>
            {
                // A denied consent, a bad or replayed state, an invalid id_token: a page that explains, never a 500.
                LogRemoteFailure(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn)),
                    context.Failure?.GetType().Name ?? "unknown", context.Failure?.Message ?? "");
                context.Response.Redirect(PortalAuthentication.SignInFailedPath);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>GET /signin?ReturnUrl=… and POST /signout.</summary>
    public static IEndpointRouteBuilder MapPortalSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        group.MapGet(PortalAuthentication.SignInPath, SignIn);
        group.MapPost(PortalAuthentication.SignOutPath, SignOut);
        return app;
    }

    public static async Task<Results<ChallengeHttpResult, RedirectHttpResult>> SignIn(
        HttpContext http, [FromQuery(Name = "ReturnUrl")] string? returnUrl)
    {
        var target = LocalReturnUrl(returnUrl);
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(PortalAuthentication.OidcScheme) is null)
            return TypedResults.Redirect(QueryHelpers.AddQueryString(PortalAuthentication.DevelopmentSignInPath, "ReturnUrl", target));
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [PortalAuthentication.OidcScheme]);
    }

    public static async Task<Results<RedirectHttpResult, BadRequest>> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        // The form's token is bound to the user the page was rendered for: the session on a page behind the portal
        // policy, nobody on a public page (whose default scheme is the API's bearer). Accept either; both need the
        // browser's antiforgery cookie, which is what stops a cross-site post.
        var session = await http.AuthenticateAsync(PortalAuthentication.CookieScheme);
        if (!await ValidAsync(antiforgery, http))
        {
            if (!session.Succeeded) return TypedResults.BadRequest();
            var renderedFor = http.User;
            http.User = session.Principal;
            if (!await ValidAsync(antiforgery, http))
            {
                http.User = renderedFor;
                return TypedResults.BadRequest();
            }
        }

        var idToken = session.Properties?.GetTokenValue("id_token");
        await http.SignOutAsync(PortalAuthentication.CookieScheme);

        var signedOut = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{PortalAuthentication.SignedOutPath}";
        var discovery = http.RequestServices.GetService<PortalOidcDiscovery>();
        if (discovery is null || idToken is null) return TypedResults.Redirect(PortalAuthentication.SignedOutPath);
        string? endSession;
        try
        {
            endSession = (await discovery.GetAsync(http.RequestAborted)).EndSessionEndpoint;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            endSession = null; // signed out here; the provider's session outlives it
        }
        if (string.IsNullOrEmpty(endSession)) return TypedResults.Redirect(PortalAuthentication.SignedOutPath);

        var clientId = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalSignInOptions>>().Value.ClientId;
        return TypedResults.Redirect(QueryHelpers.AddQueryString(endSession, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["client_id"] = clientId,
            ["post_logout_redirect_uri"] = signedOut,
        }));
    }

    private static async Task<bool> ValidAsync(IAntiforgery antiforgery, HttpContext http)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens a portal session for this identity, with the claim shape of a provider sign-in (sub, email,
    /// email_verified, name; never roles). For the development sign-in page.
    /// </summary>
    public static Task SignInAsync(HttpContext http, string subject, string? email, bool emailVerified, string? name) =>
        http.SignInAsync(PortalAuthentication.CookieScheme, CreatePrincipal(subject, email, emailVerified, name));

    /// <summary>The portal identity: exactly the claims <see cref="CurrentUser.From"/> reads, without any role.</summary>
    public static ClaimsPrincipal CreatePrincipal(string subject, string? email, bool emailVerified, string? name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var identity = new ClaimsIdentity(PortalAuthentication.CookieScheme, PortalAuthentication.Claims.Name, RealmRoles.ClaimType);
        identity.AddClaim(new Claim(PortalAuthentication.Claims.Subject, subject));
        if (!string.IsNullOrWhiteSpace(email)) identity.AddClaim(new Claim(PortalAuthentication.Claims.Email, email));
        identity.AddClaim(new Claim(PortalAuthentication.Claims.EmailVerified, emailVerified && !string.IsNullOrWhiteSpace(email) ? "true" : "false"));
        if (!string.IsNullOrWhiteSpace(name)) identity.AddClaim(new Claim(PortalAuthentication.Claims.Name, name));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A return URL on this site (a path, not "//host" or "/\host"), else <see cref="PortalAuthentication.DefaultReturnUrl"/>.</summary>
    public static string LocalReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/') return PortalAuthentication.DefaultReturnUrl;
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\') return PortalAuthentication.DefaultReturnUrl;
        if (returnUrl.Any(c => char.IsControl(c) || c == '\\')) return PortalAuthentication.DefaultReturnUrl;
        return returnUrl;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal sign-in failed at the callback ({Failure}: {Reason}); sent to the sign-in-failed page.")]
    private static partial void LogRemoteFailure(ILogger logger, string failure, string reason);
}
