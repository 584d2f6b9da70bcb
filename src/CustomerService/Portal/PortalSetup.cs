using CustomerService.Features.BackOffice.Query;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal;

/// <summary>The customer portal: Razor Pages under Portal/Pages, served by this same service beside the API.</summary>
public static class PortalSetup
{
    private static readonly string[] ApiPrefixes = ["/api", "/openapi", "/swagger", "/health", "/dev"];

    /// <summary>
    /// Whether a path belongs to the portal's pages: everything that is not the API, its documents, health, or a table of
    /// the back-office query interface (whose other paths QueryInterfacePaths claims only where no page could be).
    /// </summary>
    public static bool IsPortalPage(PathString path) =>
        !ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) && QueryInterfacePaths.Resource(path) is null;

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Portal/Pages";
            o.Conventions.AuthorizeFolder("/Account", AuthorizationPolicies.Portal);
        }).AddMvcOptions(o => o.Filters.Add<PortalTextRule>());
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal-antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        builder.Services.AddScoped<EnrollmentDraftStore>();
        builder.Services.AddScoped<EnrollingCustomers>();
        builder.Services.AddScoped<EnrollmentJourney>();
        builder.Services.AddScoped<EnrollmentStepChecks>();
        return builder;
    }

    /// <summary>Security headers for every response, HSTS outside Development, static assets, and HTML error pages for portal paths.</summary>
    public static WebApplication UsePortal(this WebApplication app)
    {
        var authority = app.Configuration[$"{AuthOptions.Section}:Authority"];
        var formActions = Uri.TryCreate(authority, UriKind.Absolute, out var issuer)
            ? $"'self' {issuer.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        app.UseMiddleware<SecurityHeaders>(formActions);
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseWhen(http => IsPortalPage(http.Request.Path), portal =>
        {
            portal.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // A database outage is logged once, as a Warning, by ProblemDetailsExceptionHandler; the page says 503.
                SuppressDiagnosticsCallback = c => DbErrors.IsTransient(c.Exception),
            });
            portal.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseStaticFiles();
        // Routing after the error pages, so a re-executed /error/{code} request is routed to its page.
        app.UseRouting();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
