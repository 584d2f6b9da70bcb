using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The portal's only claim action: completes the id_token's email, email_verified and name from the userinfo response
/// (many providers put scope claims only there). Email and its verification travel together, from one source: the
/// id_token when it has the email, else userinfo. A missing name is made of given_name and family_name.
/// The session's final shape (and nothing else, never roles) is made in <see cref="PortalSignIn"/> when the ticket arrives.
/// </summary>
public sealed class PortalClaims() : ClaimAction(PortalAuthentication.Claims.Email, ClaimValueTypes.String)
{
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        var email = Value(identity, PortalAuthentication.Claims.Email);
        var verified = Verified(identity.FindFirst(PortalAuthentication.Claims.EmailVerified)?.Value);
        if (email is null || verified is null)
        {
            email = String(userData, "email") ?? email;
            verified = userData.ValueKind == JsonValueKind.Object && userData.TryGetProperty("email_verified", out var v) ? Verified(v) ?? verified : verified;
        }
        var name = Value(identity, PortalAuthentication.Claims.Name) ?? String(userData, "name")
            ?? Joined(Value(identity, "given_name") ?? String(userData, "given_name"), Value(identity, "family_name") ?? String(userData, "family_name"));

        Replace(identity, PortalAuthentication.Claims.Email, email, issuer);
        Replace(identity, PortalAuthentication.Claims.EmailVerified, verified == true ? "true" : "false", issuer);
        Replace(identity, PortalAuthentication.Claims.Name, name, issuer);
    }

    private static void Replace(ClaimsIdentity identity, string type, string? value, string issuer)
    {
        foreach (var claim in identity.FindAll(type).ToList()) identity.RemoveClaim(claim);
        if (!string.IsNullOrWhiteSpace(value)) identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, issuer));
    }

    private static string? Value(ClaimsIdentity identity, string type) =>
        identity.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;

    private static string? String(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    private static string? Joined(string? given, string? family) =>
        string.Join(' ', new[] { given, family }.Where(p => p is not null)) is { Length: > 0 } joined ? joined : null;

    // Some providers send the flag as a string.
    private static bool? Verified(string? value) => bool.TryParse(value, out var parsed) ? parsed : null;

    private static bool? Verified(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => Verified(value.GetString()),
        _ => null,
    };
}
