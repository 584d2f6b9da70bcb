using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Infrastructure.Http;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// The readiness checks of the database: <c>database</c> (reachable; on PostgreSQL the AspNetCore.HealthChecks.NpgSql
    /// check, a connection and <c>SELECT 1</c>) and <c>migrations</c> (every migration this build knows is applied).
    /// The outbox and transport checks are added with event delivery.
    /// </summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks();
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.IsPostgres)
            checks.AddNpgSql(sp => sp.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseSetup.ConnectionStringName)!, name: "database", tags: [ReadyTag]);
        else
            checks.AddCheck<SqliteHealthCheck>("database", tags: [ReadyTag]);
        checks.AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>/health/live: the process answers. /health/ready: its database is reachable and migrated, and its events flow.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson }).AllowAnonymous();
        return app;
    }

    // Anonymous readers: a check that failed with an exception (the NpgSql check describes it with the exception's
    // message, which names hosts) is described by the exception's type only.
    private static Task WriteJson(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Exception is { } ex ? $"Failed ({ex.GetType().Name})." : e.Value.Description,
            }),
        });

    /// <summary>SQLite: a real round trip on the service's connection (AspNetCore.HealthChecks.Sqlite stopped at .NET Core 3.1).</summary>
    private sealed class SqliteHealthCheck(CustomerDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
                return HealthCheckResult.Healthy("SQLite reachable");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }
        }
    }

    /// <summary>
    /// Not ready while the database lacks a migration this build has: with Database:MigrateOnStart=false an instance
    /// may be running (or started before a restore) against an older schema; it must not take traffic until
    /// <c>migrate</c> has run.
    /// </summary>
    internal sealed class MigrationsHealthCheck(CustomerDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            List<string> pending;
            try
            {
                pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The migration history cannot be read.");
            }
            var data = new Dictionary<string, object> { ["pending"] = pending.Count };
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Every migration is applied.", data)
                : HealthCheckResult.Unhealthy(
                    $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run `dotnet CustomerService.dll migrate`.", data: data);
        }
    }
}
