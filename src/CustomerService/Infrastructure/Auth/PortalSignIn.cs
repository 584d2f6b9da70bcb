using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The customer portal's browser sign-in: a cookie session (scheme <see cref="PortalAuthentication.CookieScheme"/>),
/// opened through the OIDC provider of Auth:Authority (ASP.NET Core's OpenID Connect handler: authorization code + PKCE, nonce, keys from discovery) or, in development identity mode,
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

        // Discovery and keys are fetched by the handler's ConfigurationManager on the first sign-in, not here: the
        // service starts while the provider is down. An id_token signed with a key not seen yet (a rollover) makes it
        // fetch them again before validating (blocking: see the UpdateConfigAsBlocking switch in the csproj).
        authentication.AddOpenIdConnect(PortalAuthentication.OidcScheme, "Customer sign-in", oidc =>
        {
            oidc.Authority = auth.Authority;
            oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            oidc.RefreshInterval = RetryDiscoveryAfter;
            oidc.BackchannelTimeout = TimeSpan.FromSeconds(15);
            oidc.SignInScheme = PortalAuthentication.CookieScheme;
            oidc.SignOutScheme = PortalAuthentication.CookieScheme;
            oidc.ClientId = portal.ClientId;
            oidc.ClientSecret = portal.ClientSecret;
            oidc.CallbackPath = PortalAuthentication.CallbackPath;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The callback is a top-level GET, so the Lax correlation and nonce cookies come with it (form_post would be a cross-site POST).
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            // The request's parameters go in the front channel as before (PAR, the handler's default where the provider
            // offers it, would move them to a back-channel push): a deliberate, separately tested change if wanted.
            oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
            oidc.DisableTelemetry = true;
            oidc.ProtocolValidator = new PortalNonce();
            oidc.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }) oidc.Scope.Add(scope);
            // Only the id_token is kept (stored by OnTokenValidated): end-session needs it as id_token_hint, so the provider
            // knows whose session ends and may follow post_logout_redirect_uri without asking. Access and refresh tokens
            // would be credentials in a cookie for nothing: the portal calls no API with them.
            oidc.SaveTokens = false;
            oidc.GetClaimsFromUserInfoEndpoint = true;
            oidc.MapInboundClaims = false;
            oidc.ClaimActions.Clear();
            oidc.ClaimActions.Add(new PortalClaims());
            oidc.TokenValidationParameters.NameClaimType = PortalAuthentication.Claims.Name;
            oidc.TokenValidationParameters.RoleClaimType = RealmRoles.ClaimType;
            oidc.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
            oidc.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            oidc.TokenValidationParameters.RequireExpirationTime = true;
            oidc.TokenValidationParameters.RequireSignedTokens = true;
            // The id_token is judged by the scheme's clock, read when it is validated (tests may replace the clock later).
            oidc.TokenValidationParameters.LifetimeValidator = (notBefore, expires, token, parameters) =>
                TokenLifetime.ValidatedAgainst(oidc.TimeProvider ?? TimeProvider.System)(notBefore, expires, token, parameters);
            // The callback is a top-level GET from the provider: Lax is enough, and it works over plain http on localhost.
            foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
            oidc.Events.OnTokenValidated = context =>
            {
                if (context.TokenEndpointResponse?.IdToken is { Length: > 0 } idToken)
                    context.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
                return Task.CompletedTask;
            };
            oidc.Events.OnTicketReceived = OpenSessionAsync;
            oidc.Events.OnRedirectToIdentityProviderForSignOut = EndSessionAtProvider;
            oidc.Events.OnRemoteFailure = context =>
            {
                // A denied consent, a bad or replayed state, an invalid id_token: a page that explains, never a 500.
                LogRemoteFailure(Logger(context.HttpContext), context.Failure?.GetType().Name ?? "unknown", context.Failure?.Message ?? "");
                context.Response.Redirect(PortalAuthentication.SignInFailedPath);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        builder.Services.AddOptions<OpenIdConnectOptions>(PortalAuthentication.OidcScheme)
            .Configure<TimeProvider>((oidc, time) => oidc.TimeProvider = time);
        return builder;
    }

    /// <summary>A failed discovery fetch is retried after this, not the library's five minutes, so a provider that comes back is usable soon.</summary>
    public static readonly TimeSpan RetryDiscoveryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The session gets exactly the portal's claim shape (<see cref="CreatePrincipal"/>): sub, email, email_verified, name.
    /// Whatever else the id_token or userinfo carry (realm roles, sid, amr…) stays out of the cookie.
    /// </summary>
    private static async Task OpenSessionAsync(TicketReceivedContext context)
    {
        var identity = context.Principal!;
        var subject = identity.FindFirst(PortalAuthentication.Claims.Subject)?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            LogRemoteFailure(Logger(context.HttpContext), "NoSubject", "The id_token has no sub.");
            context.Response.Redirect(PortalAuthentication.SignInFailedPath);
            context.HandleResponse();
            return;
        }
        context.Principal = CreatePrincipal(
            subject,
            identity.FindFirst(PortalAuthentication.Claims.Email)?.Value,
            string.Equals(identity.FindFirst(PortalAuthentication.Claims.EmailVerified)?.Value, "true", StringComparison.OrdinalIgnoreCase),
            identity.FindFirst(PortalAuthentication.Claims.Name)?.Value);

        var links = context.HttpContext.RequestServices.GetRequiredService<CustomerLinks>();
        var customerId = await links.LinkedCustomerAsync(CurrentUser.From(context.Principal)!, context.HttpContext.RequestAborted);
        LogSignedIn(Logger(context.HttpContext), customerId is not null);
    }

    /// <summary>
    /// RP-initiated logout with id_token_hint, client_id and post_logout_redirect_uri = /signed-out, without a state:
    /// the signed-out page needs none. A session without an id_token (or a provider without end-session) ends here only.
    /// </summary>
    private static Task EndSessionAtProvider(RedirectContext context)
    {
        var message = context.ProtocolMessage;
        if (string.IsNullOrEmpty(message.IdTokenHint) || string.IsNullOrEmpty(message.IssuerAddress))
        {
            context.Response.Redirect(PortalAuthentication.SignedOutPath);
            context.HandleResponse();
            return Task.CompletedTask;
        }
        var request = context.Request;
        message.ClientId = context.Options.ClientId;
        message.PostLogoutRedirectUri = $"{request.Scheme}://{request.Host}{request.PathBase}{PortalAuthentication.SignedOutPath}";
        message.State = null;
        context.Response.Redirect(message.CreateLogoutRequestUrl());
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>The provider's configuration (cached by the handler), or null when it cannot be fetched.</summary>
    private static async Task<OpenIdConnectConfiguration?> ProviderConfigurationAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(PortalAuthentication.OidcScheme);
        try
        {
            return await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            LogDiscoveryUnavailable(Logger(http), options.MetadataAddress ?? options.Authority ?? "", ex.GetType().Name);
            return null;
        }
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn));

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
        // Fetched here so an unreachable provider ends on the sign-in-failed page; the challenge then uses the cached copy.
        if (await ProviderConfigurationAsync(http) is null) return TypedResults.Redirect(PortalAuthentication.SignInFailedPath);
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [PortalAuthentication.OidcScheme]);
    }

    public static async Task<Results<SignOutHttpResult, RedirectHttpResult, BadRequest>> SignOut(HttpContext http, IAntiforgery antiforgery)
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

        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var atProvider = session.Properties?.GetTokenValue(OpenIdConnectParameterNames.IdToken) is not null
            && await schemes.GetSchemeAsync(PortalAuthentication.OidcScheme) is not null
            && await ProviderConfigurationAsync(http) is not null; // unreachable: signed out here; the provider's session outlives it
        // The remote scheme first: it reads the id_token from the session before the cookie is gone.
        return atProvider
            ? TypedResults.SignOut(new AuthenticationProperties { RedirectUri = PortalAuthentication.SignedOutPath }, [PortalAuthentication.OidcScheme, PortalAuthentication.CookieScheme])
            : await SignOutHereAsync(http);
    }

    private static async Task<RedirectHttpResult> SignOutHereAsync(HttpContext http)
    {
        await http.SignOutAsync(PortalAuthentication.CookieScheme);
        return TypedResults.Redirect(PortalAuthentication.SignedOutPath);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal sign-in cannot start: the provider's discovery document at {Authority} is unavailable ({Error}).")]
    private static partial void LogDiscoveryUnavailable(ILogger logger, string authority, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal sign-in completed through the provider; customer linked: {Linked}.")]
    private static partial void LogSignedIn(ILogger logger, bool linked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal sign-in failed at the callback ({Failure}: {Reason}); sent to the sign-in-failed page.")]
    private static partial void LogRemoteFailure(ILogger logger, string failure, string reason);
}
