using System.Security.Claims;

namespace CustomerService.Infrastructure.Auth;

/// <summary>Who is calling, as the validated access token says.</summary>
public sealed record CurrentUser(string Subject, string? Email, bool EmailVerified, IReadOnlySet<string> Roles)
{
    public bool IsStaff => Roles.Contains(Auth.Roles.Csr) || Roles.Contains(Auth.Roles.Admin);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var subject = principal.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject)) return null;
        return new CurrentUser(
            subject,
            principal.FindFirst("email")?.Value,
            string.Equals(principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase),
            principal.FindAll(RealmRoles.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
