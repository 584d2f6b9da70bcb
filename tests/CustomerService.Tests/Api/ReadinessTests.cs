using System.Net;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Http;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CustomerService.Tests.Api;

/// <summary>/health/ready: the database reachable, every migration applied, and the outbox; a database that lacks a migration is not ready.</summary>
public abstract class ReadinessTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task ReadyReportsTheDatabaseItsMigrationsAndTheOutbox()
    {
        using var response = await Client.GetAsync("/health/ready");
        var ready = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        Assert.Equal(["database", "migrations", "outbox"], ready["checks"]!.AsObject().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(ready["checks"]!.AsObject(), c => Assert.Equal("Healthy", c.Value!["status"]!.GetValue<string>()));
        Assert.Equal("Every migration is applied.", ready["checks"]!["migrations"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADatabaseThatLacksAMigrationIsNotReady()
    {
        var last = await App.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        // As if the database were restored from before the latest migration (the history is all EF reads).
        await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE "__EFMigrationsHistory" SET "MigrationId" = 'x' || "MigrationId" WHERE "MigrationId" = {last}"""));
        try
        {
            using var response = await Client.GetAsync("/health/ready");
            var ready = await response.JsonAsync();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Unhealthy", ready["status"]!.GetValue<string>());
            Assert.Equal("Healthy", ready["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Equal("Unhealthy", ready["checks"]!["migrations"]!["status"]!.GetValue<string>());
            Assert.Contains($"lacks 1 migration(s) ({last})", ready["checks"]!["migrations"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE "__EFMigrationsHistory" SET "MigrationId" = {last} WHERE "MigrationId" = {"x" + last}"""));
        }
        using var again = await Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReadinessOnSqlite(SqliteApp app) : ReadinessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReadinessOnPostgres(PostgresApp app) : ReadinessTests(app)
{
    [Fact]
    public void TheDatabaseCheckIsAspNetCoreHealthChecksNpgSql()
    {
        var registration = Assert.Single(App.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "database");
        Assert.IsType<HealthChecks.NpgSql.NpgSqlHealthCheck>(registration.Factory(App.Services));
        Assert.Contains(HealthEndpoints.ReadyTag, registration.Tags);
    }
}

/// <summary>PostgreSQL unreachable: not ready, and the answer (anonymous) names no host.</summary>
public sealed class ReadinessWithoutADatabaseTests
{
    [Fact]
    public async Task AnUnreachablePostgresIsNotReadyAndTheAnswerNamesNoHost()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Database:Provider"] = "postgres";
        builder.Configuration["ConnectionStrings:Customers"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=none;Database=nowhere;Timeout=2";
        builder.AddCustomerDatabase();
        builder.Services.AddSingleton(TimeProvider.System).AddSingleton<CustomerService.Infrastructure.Outbox.OutboxSignal>().AddSingleton<CustomerService.Infrastructure.Outbox.OutboxWriter>(); // the context's commit step
        builder.AddHealth();
        await using var app = builder.Build();
        app.MapHealth();
        await app.StartAsync(TestContext.Current.CancellationToken);

        using var response = await app.GetTestClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var ready = System.Text.Json.Nodes.JsonNode.Parse(text)!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", ready["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.StartsWith("Failed (", ready["checks"]!["database"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Unhealthy", ready["checks"]!["migrations"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nowhere", text, StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
