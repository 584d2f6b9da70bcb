using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

public static partial class AuthSetup
{
    /// <summary>
    /// JWT bearer validation: through the OIDC discovery document of Auth:Authority (issuer, audience, lifetime and
    /// RS256 signature all checked), or, with no authority, against the development identity's own key. Lifetimes are
    /// judged by the service's TimeProvider, the clock tokens are issued with in development identity mode.
    /// Roles come from Keycloak's realm_access.roles.
    /// </summary>
    public static WebApplicationBuilder AddIdentityAndAccess(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section));
        DevelopmentIdentity? development = null;
        if (options.DevelopmentIdentity)
        {
            if (builder.Environment.IsProduction())
                throw new InvalidOperationException(
                    "Auth:Authority is not set. Without it the service would run in development identity mode, issuing its own tokens, " +
                    "which is refused in the Production environment. Set Auth:Authority to your OIDC provider (see deploy/keycloak).");
            development = new DevelopmentIdentity(DataProtectionSetup.KeysFolder(builder), options.Audience);
            builder.Services.AddSingleton(development);
        }
        else if (!options.RequireHttpsMetadata && !IsLoopback(options.Authority!))
        {
            throw new InvalidOperationException("Auth:RequireHttpsMetadata may be false only for a loopback Auth:Authority.");
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters.NameClaimType = "sub";
            jwt.TokenValidationParameters.RoleClaimType = RealmRoles.ClaimType;
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256];
            jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            jwt.TokenValidationParameters.ValidateIssuer = true;
            jwt.TokenValidationParameters.ValidateAudience = true;
            jwt.TokenValidationParameters.ValidateLifetime = true;
            jwt.TokenValidationParameters.RequireExpirationTime = true;
            jwt.TokenValidationParameters.RequireSignedTokens = true;
            jwt.TokenValidationParameters.ValidAudience = options.Audience;
            if (development is null)
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }
            else
            {
                jwt.TokenValidationParameters.ValidIssuer = DevelopmentIdentity.Issuer;
                jwt.TokenValidationParameters.IssuerSigningKey = development.Key;
            }
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity) RealmRoles.AddRoleClaims(identity);
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, time) =>
        {
            jwt.TimeProvider = time;
            jwt.TokenValidationParameters.LifetimeValidator = TokenLifetime.ValidatedAgainst(time);
        });

        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Customer, p => p.RequireRole(Roles.Customer))
            .AddPolicy(AuthorizationPolicies.SelfService, p => p.RequireRole(Roles.Customer, Roles.Csr, Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Staff, p => p.RequireRole(Roles.Csr, Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Service, p => p.RequireRole(Roles.Service));
        return builder;
    }

    public static WebApplication UseIdentityAndAccess(this WebApplication app)
    {
        var development = app.Services.GetService<DevelopmentIdentity>();
        if (development is not null) LogDevelopmentIdentity(app.Logger);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) &&
        (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT IDENTITY MODE: Auth:Authority is not set, so this service issues its own tokens at POST /dev/identity/token for anyone who asks. For local use only; configure an OIDC provider for anything else.")]
    private static partial void LogDevelopmentIdentity(ILogger logger);
}
