using CustomerService.Features.Audit;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// Every request through the query interface, reads included, is written to the access log once per customer whose
/// data it returned or changed: the customer rows themselves, the customer of a customer_accounts row, and every
/// party of a returned account or premise's account. Plus one summary line per request in the service log (names of
/// the query parameters only, never their values, which may be email addresses).
/// </summary>
public sealed partial class QueryAccessLog(CustomerDbContext db, TimeProvider time, ILogger<QueryAccessLog> logger)
{
    public async Task RecordAsync(QueryResource resource, HttpContext http, IEnumerable<long> auditKeys, CancellationToken ct)
    {
        var keys = auditKeys.Distinct().ToList();
        var customers = resource.AuditKind switch
        {
            AuditKind.Customer => keys,
            AuditKind.Account => await CustomersOfAccountsAsync(keys, ct),
            _ => [],
        };
        var user = CurrentUser.From(http.User);
        var description = Describe(http, resource);
        LogRequest(logger, http.Request.Method, resource.Name, user?.Subject ?? "", keys.Count, customers.Count);
        if (user is null || customers.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        var roles = string.Join(',', user.Roles.Order(StringComparer.Ordinal));
        foreach (var customer in customers)
        {
            db.AccessLog.Add(new AccessLogEntry
            {
                ActorSubject = user.Subject, ActorRoles = roles, CustomerId = customer, Method = http.Request.Method,
                Resource = description, OccurredAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<long>> CustomersOfAccountsAsync(IReadOnlyCollection<long> accounts, CancellationToken ct)
    {
        if (accounts.Count == 0) return [];
        var result = new List<long>();
        // In slices, so a large result never builds a statement with too many parameters.
        foreach (var chunk in accounts.Chunk(500))
        {
            result.AddRange(await db.AccountParties.Where(p => chunk.Contains(p.Account)).Select(p => p.Customer).Distinct().ToListAsync(ct));
        }
        return result.Distinct().ToList();
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
