using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Audit;

/// <summary>What one staff request did, logged once per customer whose data it read or changed.</summary>
public sealed record StaffAccess(string ActorSubject, string ActorRoles, string Method, string Resource, DateTime OccurredAt);

/// <summary>
/// Writes a request's access-log rows in one statement, however many customers it touched: an <c>INSERT … SELECT</c>
/// over the customer ids passed as one parameter (a PostgreSQL array, a JSON array on SQLite), in the caller's
/// transaction if it holds one. Nothing is read back: no row's id is needed.
/// </summary>
public static class AccessLogWrites
{
    /// <summary>One row per customer id that exists (an unknown id writes nothing); returns the number written.</summary>
    public static async Task<int> LogAccessAsync(this CustomerDbContext db, StaffAccess access, IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        if (customerIds.Count == 0) return 0;
        var ids = customerIds.Distinct().ToArray();
        var (s, r, m, res, at) = (access.ActorSubject, access.ActorRoles, access.Method, access.Resource, access.OccurredAt);
        return db.Database.IsNpgsql()
            ? await db.Database.ExecuteSqlAsync(
                $"INSERT INTO access_log (actor_subject, actor_roles, customer_id, method, resource, occurred_at) SELECT {s}, {r}, id, {m}, {res}, {at} FROM customers WHERE id = ANY({ids})",
                ct)
            : await db.Database.ExecuteSqlAsync(
                $"INSERT INTO access_log (actor_subject, actor_roles, customer_id, method, resource, occurred_at) SELECT {s}, {r}, id, {m}, {res}, {at} FROM customers WHERE id IN (SELECT value FROM json_each({JsonSerializer.Serialize(ids)}))",
                ct);
    }

    /// <summary>One row per customer holding a role on any of the accounts (found by the same statement); returns the number written.</summary>
    public static async Task<int> LogAccessToAccountsAsync(this CustomerDbContext db, StaffAccess access, IReadOnlyCollection<long> accountIds, CancellationToken ct)
    {
        if (accountIds.Count == 0) return 0;
        var ids = accountIds.Distinct().ToArray();
        var (s, r, m, res, at) = (access.ActorSubject, access.ActorRoles, access.Method, access.Resource, access.OccurredAt);
        return db.Database.IsNpgsql()
            ? await db.Database.ExecuteSqlAsync(
                $"INSERT INTO access_log (actor_subject, actor_roles, customer_id, method, resource, occurred_at) SELECT {s}, {r}, p.customer, {m}, {res}, {at} FROM (SELECT DISTINCT customer FROM customer_accounts WHERE account = ANY({ids})) AS p",
                ct)
            : await db.Database.ExecuteSqlAsync(
                $"INSERT INTO access_log (actor_subject, actor_roles, customer_id, method, resource, occurred_at) SELECT {s}, {r}, p.customer, {m}, {res}, {at} FROM (SELECT DISTINCT customer FROM customer_accounts WHERE account IN (SELECT value FROM json_each({JsonSerializer.Serialize(ids)}))) AS p",
                ct);
    }
}
