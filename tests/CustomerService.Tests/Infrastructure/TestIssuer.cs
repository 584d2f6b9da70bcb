using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// A real OIDC issuer on loopback: it serves a discovery document and a JWKS, and mints RS256 tokens the way
/// Keycloak does (realm_access.roles, email, email_verified). The service validates them through its production
/// configuration (Auth:Authority), fetching the keys over HTTP.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string Audience = "customer-service-api";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly JsonWebTokenHandler _handler = new();

    private readonly TimeProvider _clock;

    private TestIssuer(WebApplication app, TimeProvider clock) => (_app, _clock) = (app, clock);

    public string Issuer { get; private set; } = "";

    /// <summary>Starts the issuer; tokens are dated by <paramref name="clock"/>, the clock the service under test validates lifetimes with.</summary>
    public static async Task<TestIssuer> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var issuer = new TestIssuer(app, clock);
        app.MapGet("/realms/test/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Issuer,
            ["jwks_uri"] = $"{issuer.Issuer}/protocol/openid-connect/certs",
            ["authorization_endpoint"] = $"{issuer.Issuer}/protocol/openid-connect/auth",
            ["token_endpoint"] = $"{issuer.Issuer}/protocol/openid-connect/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/realms/test/protocol/openid-connect/certs", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(issuer._key.Rsa.ExportParameters(false)) { KeyId = issuer._key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.Issuer = $"{address}/realms/test";
        return issuer;
    }

    // Keycloak serves discovery under the realm path; so does this issuer.
    public string Authority => Issuer;

    public string Token(string subject, string[] roles, string? email = null, bool emailVerified = true,
        DateTime? notBefore = null, DateTime? expires = null, string? issuer = null, string? audience = null, RsaSecurityKey? key = null)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = roles },
            ["azp"] = "customer-portal",
        };
        if (email is not null)
        {
            claims["email"] = email;
            claims["email_verified"] = emailVerified;
        }
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            IssuedAt = (notBefore ?? now).AddSeconds(-1),
            NotBefore = notBefore ?? now.AddSeconds(-1),
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token ("alg": "none") with otherwise valid claims.</summary>
    public string UnsignedToken(string subject, string[] roles)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = _clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var payload = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = subject, ["iss"] = Issuer, ["aud"] = Audience, ["exp"] = exp,
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = roles },
        });
        return $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64(payload)}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }
}
