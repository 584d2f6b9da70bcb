using Microsoft.AspNetCore.Authentication;

namespace CustomerService.Portal;

/// <summary>Whether the browser holds a portal session. Public pages ask, to offer "Sign in" or the account menu.</summary>
public static class PortalSession
{
    public const string Scheme = Infrastructure.Auth.PortalAuthentication.CookieScheme;

    public static async Task<bool> IsSignedInAsync(HttpContext http)
    {
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        if (await schemes.GetSchemeAsync(Scheme) is null) return false;
        return (await http.AuthenticateAsync(Scheme)).Succeeded;
    }
}
