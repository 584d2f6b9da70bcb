using System.Security.Claims;
using System.Text.Json;

namespace CustomerService.Infrastructure.Auth;

/// <summary>Keycloak puts realm roles in <c>"realm_access": {"roles": [...]}</c>; this turns them into role claims.</summary>
public static class RealmRoles
{
    public const string ClaimType = "role";

    public static void AddRoleClaims(ClaimsIdentity identity)
    {
        foreach (var claim in identity.FindAll("realm_access").ToList())
        {
            try
            {
                using var json = JsonDocument.Parse(claim.Value);
                if (json.RootElement.ValueKind != JsonValueKind.Object ||
                    !json.RootElement.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array) continue;
                foreach (var role in roles.EnumerateArray())
                {
                    if (role.ValueKind == JsonValueKind.String && !identity.HasClaim(ClaimType, role.GetString()!))
                        identity.AddClaim(new Claim(ClaimType, role.GetString()!));
                }
            }
            catch (JsonException)
            {
                // A malformed realm_access claim grants no role.
            }
        }
    }
}
