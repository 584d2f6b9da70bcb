using CustomerService.Features.Audit;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// Every request through the query interface, reads included, is written to the access log once per customer whose
/// data it returned or changed: the customer rows themselves, the customer of a customer_accounts row, and every
/// party of a returned account or premise's account. Plus one summary line per request in the service log (names of
/// the query parameters only, never their values, which may be email addresses).
/// </summary>
public sealed partial class QueryAccessLog(CustomerDbContext db, TimeProvider time, ILogger<QueryAccessLog> logger)
{
    /// <summary>
    /// One statement whatever the number of rows: the customers' rows are inserted by one <c>INSERT … SELECT</c>, and for
    /// accounts and premises the same statement finds their parties.
    /// </summary>
    public async Task RecordAsync(QueryResource resource, HttpContext http, IEnumerable<long> auditKeys, CancellationToken ct)
    {
        var keys = auditKeys.Distinct().ToList();
        var user = CurrentUser.From(http.User);
        var written = 0;
        if (user is not null && keys.Count > 0 && resource.AuditKind != AuditKind.None)
        {
            var access = new StaffAccess(user.Subject, string.Join(',', user.Roles.Order(StringComparer.Ordinal)), http.Request.Method,
                Describe(http, resource), time.GetUtcNow().UtcDateTime);
            written = resource.AuditKind == AuditKind.Customer
                ? await db.LogAccessAsync(access, keys, ct)
                : await db.LogAccessToAccountsAsync(access, keys, ct);
        }
        LogRequest(logger, http.Request.Method, resource.Name, user?.Subject ?? "", keys.Count, written);
    }

    /// <summary><c>GET /customers (select, status, order)</c>: the route and the names of the parameters used.</summary>
    private static string Describe(HttpContext http, QueryResource resource)
    {
        var names = http.Request.Query.Keys.Where(QueryParserNames.IsShowable).Take(20).ToList();
        var text = names.Count == 0 ? $"/{resource.Name}" : $"/{resource.Name} ({string.Join(", ", names)})";
        return text.Length > 300 ? text[..300] : text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-office query {Method} /{Resource} by {Subject}: {Rows} rows, {Customers} customers")]
    private static partial void LogRequest(ILogger logger, string method, string resource, string subject, int rows, int customers);
}

internal static class QueryParserNames
{
    /// <summary>Parameter names that are grammar words or column-like names; anything else is left out of the log.</summary>
    public static bool IsShowable(string name) =>
        name is "or" or "and" or "not.or" or "not.and" || QueryParser.IsIdentifier(name);
}
