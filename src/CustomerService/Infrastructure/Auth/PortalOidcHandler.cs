using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

public sealed class PortalOidcOptions : OAuthOptions
{
    /// <summary>
    /// The OAuth handler validates its options before a request can load discovery, so its endpoint options hold this
    /// placeholder; the handler always takes the real endpoints from <see cref="PortalOidcDiscovery"/>.
    /// </summary>
    internal const string FromDiscovery = "https://from-discovery.invalid/";

    public PortalOidcOptions()
    {
        AuthorizationEndpoint = FromDiscovery;
        TokenEndpoint = FromDiscovery;
        UserInformationEndpoint = FromDiscovery;
    }
}

/// <summary>
/// OpenID Connect sign-in on the built-in OAuth handler (the OpenIdConnect package is not available here): authorization
/// code with PKCE (S256), a nonce carried in the protected state, endpoints and keys from the provider's discovery
/// document, and an id_token validated for signature, issuer, audience, lifetime and nonce. The ticket holds only
/// sub, email, email_verified and name: realm roles never reach a portal session.
/// </summary>
public sealed partial class PortalOidcHandler(
    IOptionsMonitor<PortalOidcOptions> options, ILoggerFactory logger, UrlEncoder encoder, PortalOidcDiscovery discovery)
    : OAuthHandler<PortalOidcOptions>(options, logger, encoder)
{
    private const string NonceKey = "portal.nonce";
    private static readonly JsonWebTokenHandler IdTokens = new();

    private OpenIdConnectConfiguration? _configuration;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            _configuration = await discovery.GetAsync(Context.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            LogDiscoveryUnavailable(Logger, discovery.MetadataAddress, ex.GetType().Name);
            Response.Redirect(PortalAuthentication.SignInFailedPath);
            return;
        }
        await base.HandleChallengeAsync(properties);
    }

    /// <summary>The base URL builder, with the discovered endpoint and a nonce (kept in the protected state, checked against the id_token).</summary>
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        properties.Items[NonceKey] = nonce;

        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        properties.Items[OAuthConstants.CodeVerifierKey] = verifier;
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = Options.ClientId,
            ["scope"] = FormatScope(),
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            [OAuthConstants.CodeChallengeKey] = challenge,
            [OAuthConstants.CodeChallengeMethodKey] = OAuthConstants.CodeChallengeMethodS256,
            ["nonce"] = nonce,
        };
        parameters["state"] = Options.StateDataFormat.Protect(properties);
        return QueryHelpers.AddQueryString(_configuration!.AuthorizationEndpoint, parameters);
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        _configuration = await discovery.GetAsync(Context.RequestAborted);
        var parameters = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = context.Code,
            ["redirect_uri"] = context.RedirectUri,
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
        };
        if (context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var verifier) && verifier is not null)
            parameters[OAuthConstants.CodeVerifierKey] = verifier;

        using var request = new HttpRequestMessage(HttpMethod.Post, _configuration.TokenEndpoint) { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        if (response.IsSuccessStatusCode) return OAuthTokenResponse.Success(JsonDocument.Parse(body));
        // The provider's error code only: descriptions may echo request data.
        return OAuthTokenResponse.Failed(new AuthenticationFailureException(
            $"The token endpoint answered {(int)response.StatusCode} ({ErrorCode(body)})."));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var value) == true && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        if (string.IsNullOrEmpty(idToken)) throw new AuthenticationFailureException("The token response has no id_token.");
        properties.Items.Remove(NonceKey, out var nonce);

        var token = await ValidateIdTokenAsync(idToken, nonce);
        var subject = token.Subject;
        var email = StringClaim(token, "email");
        var verified = VerifiedClaim(token);
        var name = NameClaim(token);

        if ((email is null || verified is null || name is null) && !string.IsNullOrEmpty(tokens.AccessToken)
            && _configuration!.UserInfoEndpoint is { Length: > 0 } userInfoEndpoint)
        {
            using var info = await UserInfoAsync(userInfoEndpoint, tokens.AccessToken);
            var root = info.RootElement;
            if (!root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() != subject)
                throw new AuthenticationFailureException("The userinfo response is for another subject than the id_token.");
            if (email is null || verified is null)
            {
                // Email and its verification travel together, from one source.
                email = root.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : email;
                verified = root.TryGetProperty("email_verified", out var v) ? Verified(v) : verified;
            }
            name ??= root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }

        var principal = PortalSignIn.CreatePrincipal(subject, email, verified == true, name);
        properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);

        var user = CurrentUser.From(principal)!;
        var links = Context.RequestServices.GetRequiredService<CustomerLinks>();
        var customerId = await links.LinkedCustomerAsync(user, Context.RequestAborted);
        LogSignedIn(Logger, customerId is not null);
        return new AuthenticationTicket(principal, properties, Scheme.Name);
    }

    private async Task<JsonWebToken> ValidateIdTokenAsync(string idToken, string? nonce)
    {
        var result = await IdTokens.ValidateTokenAsync(idToken, ValidationParameters(_configuration!));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider rolled its keys since they were cached.
            discovery.RequestRefresh();
            _configuration = await discovery.GetAsync(Context.RequestAborted);
            result = await IdTokens.ValidateTokenAsync(idToken, ValidationParameters(_configuration));
        }
        if (!result.IsValid)
            throw new AuthenticationFailureException($"The id_token is not valid ({result.Exception?.GetType().Name}).");
        var token = (JsonWebToken)result.SecurityToken;
        if (string.IsNullOrEmpty(token.Subject)) throw new AuthenticationFailureException("The id_token has no sub.");
        if (string.IsNullOrEmpty(nonce) || !token.TryGetPayloadValue<string>("nonce", out var tokenNonce) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenNonce ?? ""), Encoding.UTF8.GetBytes(nonce)))
            throw new AuthenticationFailureException("The id_token's nonce does not match the sign-in request.");
        var audiences = token.Audiences.ToList();
        if (audiences.Count > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != Options.ClientId))
            throw new AuthenticationFailureException("The id_token has several audiences and is not authorized for this client (azp).");
        return token;
    }

    private TokenValidationParameters ValidationParameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = Options.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        LifetimeValidator = TokenLifetime.ValidatedAgainst(TimeProvider),
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    private async Task<JsonDocument> UserInfoAsync(string endpoint, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
            throw new AuthenticationFailureException($"The userinfo endpoint answered {(int)response.StatusCode}.");
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
            throw new AuthenticationFailureException("The userinfo endpoint did not answer JSON (signed userinfo is not supported).");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted));
    }

    private static string? StringClaim(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static bool? VerifiedClaim(JsonWebToken token)
    {
        if (token.TryGetPayloadValue<bool>("email_verified", out var flag)) return flag;
        // Some providers send the flag as a string.
        return token.TryGetPayloadValue<string>("email_verified", out var text) && bool.TryParse(text, out var parsed) ? parsed : null;
    }

    private static string? NameClaim(JsonWebToken token)
    {
        if (StringClaim(token, "name") is { } name) return name;
        var parts = new[] { StringClaim(token, "given_name"), StringClaim(token, "family_name") }.Where(p => p is not null);
        var joined = string.Join(' ', parts);
        return joined.Length == 0 ? null : joined;
    }

    private static bool? Verified(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
        _ => null,
    };

    private static string ErrorCode(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : "no error code";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Portal sign-in cannot start: the provider's discovery document {MetadataAddress} is unavailable ({Error}).")]
    private static partial void LogDiscoveryUnavailable(ILogger logger, string metadataAddress, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal sign-in completed through the provider; customer linked: {Linked}.")]
    private static partial void LogSignedIn(ILogger logger, bool linked);
}
