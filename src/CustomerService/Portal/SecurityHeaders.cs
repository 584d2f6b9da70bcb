namespace CustomerService.Portal;

/// <summary>
/// Browser security headers on every response. Pages get a Content-Security-Policy that allows scripts, styles and
/// images from this origin only (no inline script), forms posted here or to the sign-in provider, and no framing.
/// Pages that show personal data are not cached.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, string formActions)
{
    private readonly string _policy =
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        $"form-action {formActions}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers.XFrameOptions = "DENY";
            // Swagger UI ships its own inline bootstrap; it keeps only the framing rule.
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/swagger") ? "frame-ancestors 'none'" : _policy;
            if (PortalSetup.IsPortalPage(http.Request.Path) && http.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true)
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
