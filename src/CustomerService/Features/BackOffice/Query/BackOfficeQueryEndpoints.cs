using Microsoft.AspNetCore.Authentication;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// The PostgREST-compatible back-office query interface of DESIGN.md section 7: <c>GET</c> (csr, admin) and
/// <c>PATCH</c>/<c>POST</c>/<c>DELETE</c> (admin) on <c>/customers</c>, <c>/customer_accounts</c>, <c>/accounts</c>,
/// <c>/premises</c>. One explicit route per registered resource, so nothing else (/api, /health, /openapi, /swagger,
/// /dev) can be shadowed.
/// </summary>
public static partial class BackOfficeQueryEndpoints
{
    public static WebApplicationBuilder AddBackOfficeQuery(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<QueryWrites>();
        builder.Services.AddScoped<QueryRowWriters>();
        builder.Services.AddScoped<QueryAccessLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBackOfficeQuery(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Back-office query (PostgREST)").WithMetadata(new PgrstEndpoint())
            .AddEndpointFilter(DatabaseErrorsAsPostgrest);
        foreach (var resource in QueryResources.All.Values)
        {
            var path = "/" + resource.Name;
            group.MapGet(path, (HttpContext http, CustomerDbContext db, QueryAccessLog log, CancellationToken ct) => Read(resource, http, db, log, ct))
                .RequireAuthorization(AuthorizationPolicies.Staff).WithName("Query_" + resource.Name);
            group.MapPatch(path, (HttpContext http, QueryWrites writes, CancellationToken ct) => writes.UpdateAsync(resource, http, ct))
                .RequireAuthorization(AuthorizationPolicies.Admin).WithName("Update_" + resource.Name);
            group.MapPost(path, (HttpContext http, QueryWrites writes, CancellationToken ct) => writes.InsertAsync(resource, http, ct))
                .RequireAuthorization(AuthorizationPolicies.Admin).WithName("Insert_" + resource.Name);
            group.MapDelete(path, (HttpContext http, QueryWrites writes, CancellationToken ct) => writes.DeleteAsync(resource, http, ct))
                .RequireAuthorization(AuthorizationPolicies.Admin).WithName("Delete_" + resource.Name);
        }
        return app;
    }

    /// <summary>GET: filters, select with embedding, order, limit/offset and Range, Prefer: count=exact, the singular object.</summary>
    public static async Task<IResult> Read(QueryResource resource, HttpContext http, CustomerDbContext db, QueryAccessLog log, CancellationToken ct)
    {
        var parsed = QueryParser.Parse(http.Request.Query);
        if (parsed.Error is not null) return QueryResponses.Error(parsed.Error);
        var query = parsed.Query!;
        if (QuerySql.Validate(resource, query) is { } invalid) return QueryResponses.Error(invalid);

        var range = QueryResponses.Range(http.Request, out var rangeError);
        if (rangeError is not null) return QueryResponses.Error(rangeError);
        var (offset, limit) = Window(query, range);
        var singular = QueryResponses.WantsSingular(http.Request);
        var postgres = db.IsPostgres();
        // One connection for the request's statements (count, rows, access log), back to the pool with the context.
        await db.Database.OpenConnectionAsync(ct);

        long? total = null;
        if (QueryResponses.WantsCount(http.Request))
        {
            total = await QueryDatabase.CountAsync(db, QuerySql.Count(resource, query, postgres).Statement!, ct);
            if (offset > 0 && offset >= total)
            {
                http.Response.Headers.ContentRange = $"*/{total}";
                return QueryResponses.Error(PgrstError.RangeNotSatisfiable($"An offset of {offset} was requested, but there are only {total} rows."));
            }
        }
        var rows = limit == 0 ? [] : await QueryDatabase.RowsAsync(db, QuerySql.Rows(resource, query, postgres, limit, offset).Statement!, ct);
        await log.RecordAsync(resource, http, rows.Select(r => r.AuditKey), ct);

        if (singular && rows.Count != 1) return QueryResponses.Error(PgrstError.Singular(rows.Count));
        http.Response.Headers.ContentRange = QueryResponses.ContentRange(offset, rows.Count, total);
        http.Response.Headers["Range-Unit"] = "items";
        var partial = total is not null && rows.Count > 0 && (offset > 0 || offset + rows.Count < total);
        return QueryResponses.Rows(rows, singular, partial && !singular ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
    }

    /// <summary>
    /// A safety net behind the parser and builder, which already refuse what they can see is wrong: a PostgreSQL data
    /// (22), integrity (23) or name (42) error still answers as PostgREST would, with its SQLSTATE, not as a 500.
    /// </summary>
    private static async ValueTask<object?> DatabaseErrorsAsPostgrest(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (Find<Npgsql.PostgresException>(ex) is { } pg && pg.SqlState[..2] is "22" or "23" or "42")
        {
            var error = Find<Npgsql.PostgresException>(ex)!;
            var status = error.SqlState is "23505" or "23503" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return QueryResponses.Error(new PgrstError(status, error.SqlState, error.MessageText, null, error.Hint));
        }
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found) return found;
        }
        return null;
    }

    /// <summary>The slice asked for: <c>offset</c>/<c>limit</c> intersected with the Range header, as PostgREST does.</summary>
    internal static (long Offset, long? Limit) Window(ReadQuery query, (long From, long? To)? range)
    {
        var lower = query.Offset ?? 0;
        long? upper = query.Limit is { } l ? lower + l - 1 : null;
        if (range is { } r)
        {
            lower = Math.Max(lower, r.From);
            if (r.To is { } to) upper = upper is null ? to : Math.Min(upper.Value, to);
        }
        return (lower, upper is null ? null : Math.Max(0, upper.Value - lower + 1));
    }
}

/// <summary>
/// Marks the query interface's endpoints, whose 401 and 403 (see <see cref="AuthorizationProblems"/>) and 503 while the
/// database is unavailable (see <see cref="ProblemDetailsExceptionHandler"/>) are PostgREST bodies.
/// </summary>
internal sealed class PgrstEndpoint : IAuthorizationFailureResponder, IDatabaseUnavailableResponder
{
    /// <summary>PostgREST's answer when it cannot reach its database: 503 <c>PGRST000</c>.</summary>
    public Task RespondAsync(HttpContext http, int retryAfterSeconds) =>
        http.Response.WriteAsJsonAsync(new PgrstError(StatusCodes.Status503ServiceUnavailable, "PGRST000", "Database connection error. Retrying the connection.",
            null, $"The service's database is unavailable for a moment. Retry after {retryAfterSeconds} seconds."));

    public async Task RespondAsync(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        PgrstError error;
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            error = context.Request.Headers.Authorization.Count > 0
                ? new PgrstError(StatusCodes.Status401Unauthorized, "PGRST301", "JWT could not be validated", null, "Send a valid, unexpired access token of this service's issuer and audience.")
                : new PgrstError(StatusCodes.Status401Unauthorized, "PGRST302", "Anonymous access is disabled", null, $"Send Authorization: Bearer <access token> with role {(Reading(context.Request) ? "csr or admin" : "admin")}.");
        }
        else
        {
            var table = context.Request.Path.Value?.Trim('/') ?? "";
            error = new PgrstError(StatusCodes.Status403Forbidden, "42501", $"permission denied for table {PgrstError.Shown(table)}", null,
                Reading(context.Request) ? "Reading needs the csr or admin role." : "Changing data needs the admin role.");
        }
        context.Response.StatusCode = error.Status;
        await context.Response.WriteAsJsonAsync(error);
    }

    private static bool Reading(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
}
