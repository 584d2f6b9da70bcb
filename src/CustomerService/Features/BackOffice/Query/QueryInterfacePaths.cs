using System.Text.RegularExpressions;
using CustomerService.Portal;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// Which paths are the query interface's when none of its endpoints answers them. Its tables sit at the root beside the
/// portal's pages, so a path is claimed only where that cannot take a page away: a registered resource (<c>/customers</c>)
/// is always the interface's, and any method it does not answer is a 405 <c>PGRST117</c>. A single segment that names no
/// route at all and could be a table name (<c>/invoices</c>, not <c>/favicon.ico</c> or <c>/start/address</c>) is a 404
/// <c>PGRST205</c> for a client that does not ask for HTML; a browser gets the portal's page. /api, /openapi, /swagger,
/// /health and /dev keep their problems.
/// </summary>
public static partial class QueryInterfacePaths
{
    /// <summary>The registered resource a path names, e.g. <c>/customers</c>, or null; case-insensitive, as routing is.</summary>
    public static QueryResource? Resource(PathString path) =>
        Table(path) is { } table ? QueryResources.All.Values.FirstOrDefault(r => string.Equals(r.Name, table, StringComparison.OrdinalIgnoreCase)) : null;

    /// <summary>
    /// Answers, in PostgREST's shape, what reaches the interface's paths and no endpoint answers with a body: routing's
    /// bare 405 on a resource, and its bare 404 on an unknown table. Runs inside the portal's status-code pages, so its
    /// body is written first and they leave it alone.
    /// </summary>
    public static WebApplication UseBackOfficeQuery(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            await next(http);
            if (http.Response.HasStarted || http.Response.ContentType is not null) return;
            var path = http.Request.Path;
            if (http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && Resource(path) is { } resource)
            {
                await QueryResponses.Unsupported(resource, http).ExecuteAsync(http);
            }
            else if (http.Response.StatusCode == StatusCodes.Status404NotFound && http.GetEndpoint() is null
                && Table(path) is { } table && PortalSetup.IsPortalPage(path) && !AsksForHtml(http.Request))
            {
                await QueryResponses.Error(PgrstError.UnknownTable(table)).ExecuteAsync(http);
            }
        });
        return app;
    }

    /// <summary>The one segment of <c>/name</c> or <c>/name/</c> when it could be a table name.</summary>
    private static string? Table(PathString path)
    {
        var name = path.Value is { Length: > 1 } value && value[0] == '/' ? value[1..].TrimEnd('/') : "";
        return TableName().IsMatch(name) ? name : null;
    }

    private static bool AsksForHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableName();
}
