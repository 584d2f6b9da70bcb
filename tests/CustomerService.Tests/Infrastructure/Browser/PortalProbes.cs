using System.Net;
using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>
/// Test-only routes behind the portal policy, mapped by setting the endpoint before the app's routing (which then
/// skips matching), so the app's own authentication and authorization middleware handle them like any portal page:
/// <list type="bullet">
/// <item>GET /test/portal/whoami: the session's claims as JSON;</item>
/// <item>GET /test/portal/signout: a sign-out form with an antiforgery token, as a portal page would render it;</item>
/// <item>GET /test/portal/signin-as?sub=&amp;email=&amp;name=: a session from <c>PortalSignIn.SignInAsync</c>, as the development sign-in page opens one.</item>
/// </list>
/// </summary>
public sealed class PortalProbes : IStartupFilter
{
    public const string WhoAmIPath = "/test/portal/whoami";
    public const string SignOutFormPath = "/test/portal/signout";
    public const string SignInAsPath = "/test/portal/signin-as";

    private static readonly EndpointMetadataCollection PortalOnly = new(new AuthorizeAttribute { Policy = AuthorizationPolicies.Portal });

    private static readonly Endpoint WhoAmI = new(async http =>
    {
        var user = CurrentUser.From(http.User)!;
        await http.Response.WriteAsJsonAsync(new
        {
            user.Subject,
            user.Email,
            user.EmailVerified,
            Name = http.User.FindFirst("name")?.Value,
            user.IsStaff,
            Roles = user.Roles.ToArray(),
            ClaimTypes = http.User.Claims.Select(c => c.Type).ToArray(),
            Scheme = http.User.Identity?.AuthenticationType,
        });
    }, PortalOnly, "portal probe: whoami");

    private static readonly Endpoint SignOutForm = new(async http =>
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><title>Sign out</title></head><body><main>
            <form method="post" action="/signout"><input type="hidden" name="{WebUtility.HtmlEncode(tokens.FormFieldName)}" value="{WebUtility.HtmlEncode(tokens.RequestToken)}">
            <button type="submit">Sign out</button></form></main></body></html>
            """);
    }, PortalOnly, "portal probe: sign-out form");

    private static readonly Endpoint SignInAs = new(async http =>
    {
        var query = http.Request.Query;
        await CustomerService.Infrastructure.Auth.PortalSignIn.SignInAsync(http, query["sub"]!, query["email"], emailVerified: true, query["name"]);
        await http.Response.WriteAsync("signed in");
    }, new EndpointMetadataCollection(new AllowAnonymousAttribute()), "portal probe: development-style sign-in");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (http.Request.Path == WhoAmIPath) http.SetEndpoint(WhoAmI);
            else if (http.Request.Path == SignOutFormPath) http.SetEndpoint(SignOutForm);
            else if (http.Request.Path == SignInAsPath) http.SetEndpoint(SignInAs);
            return nextMiddleware(http);
        });
        next(app);
    };
}
