using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;

namespace CustomerService.Portal;

/// <summary>Whether the browser holds a portal session. Public pages ask, to offer "Sign in" or the account menu.</summary>
public static class PortalSession
{
    public static async Task<bool> IsSignedInAsync(HttpContext http) =>
        (await http.AuthenticateAsync(PortalAuthentication.CookieScheme)).Succeeded;
}
