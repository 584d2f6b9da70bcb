using System.Net.Http.Json;
using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Plans;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using CustomerService.Features.ReferenceData;
using CustomerService.Infrastructure.Data;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Tests.Plans;

/// <summary>Plans, territories and service points are served from memory, and a change made through the service is served at once.</summary>
public abstract class ReferenceDataCacheTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task AChangeToPlansOrServicePointsIsServedByTheNextRequest()
    {
        Assert.Equal("Green Energy 12", await PlanNameAsync(Client, 1001));
        var validation = new { street = "123 Main Street", city = "Addison", state = "TX", zip = "75001" };
        Assert.Equal("TX", (await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", validation)).JsonAsync())["normalizedAddress"]!["state"]!.GetValue<string>());
        Assert.False(await SwitchHoldAsync(validation));

        await ChangeAsync(App, async (db, ct) =>
        {
            (await db.Plans.SingleAsync(p => p.Id == 1001, ct)).Name = "Green Energy 12 Plus";
            (await db.Plans.SingleAsync(p => p.Id == 1002, ct)).IsActive = false;
            (await db.ServicePoints.SingleAsync(p => p.Id == 1, ct)).SwitchHold = true; // 123 Main Street, Addison
        });

        Assert.Equal("Green Energy 12 Plus", await PlanNameAsync(Client, 1001));
        Assert.DoesNotContain(1002, await PlanIdsAsync(Client, "75001"));
        Assert.True(await SwitchHoldAsync(validation));
    }

    [Fact]
    public async Task PlansByZipAreTheBytesTheSerializerWritesAndTheOpenApiSchemaSaysSo()
    {
        // The JSON is made once per territory and snapshot; the answer is still exactly AvailablePlansResponse as the
        // app's JSON options serialize it, for a served ZIP and for one outside every territory.
        var json = App.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var zip in new[] { "75001", "75001", "77002", "99999" })
        {
            var response = await Client.GetAsync($"/api/enrollment/plans?zip={zip}");
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            var catalog = App.Services.CreateScope().ServiceProvider.GetRequiredService<PlanCatalog>();
            var plans = await catalog.PlansOfferedAtAsync(Zip.Parse(zip), CancellationToken.None);
            var expected = JsonSerializer.SerializeToUtf8Bytes(new AvailablePlansResponse(zip, plans.Select(PlanResponse.From).ToList()), json);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(body));
            Assert.Equal(zip == "99999", plans.Count == 0);
        }

        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!;
        var ok = document["paths"]!["/api/enrollment/plans"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        Assert.EndsWith("/AvailablePlansResponse", ok);
    }

    private async Task<bool> SwitchHoldAsync(object address) =>
        (await (await Client.PostAsJsonAsync("/api/enrollment/validate-address", address)).JsonAsync())["switchHold"]!.GetValue<bool>();

    internal static async Task<string?> PlanNameAsync(HttpClient client, long planId) =>
        (await (await client.GetAsync("/api/enrollment/plans?zip=75001")).JsonAsync())["plans"]!.AsArray()
        .FirstOrDefault(p => p!["planId"]!.GetValue<long>() == planId)?["name"]!.GetValue<string>();

    internal static async Task<List<long>> PlanIdsAsync(HttpClient client, string zip) =>
        (await (await client.GetAsync($"/api/enrollment/plans?zip={zip}")).JsonAsync())["plans"]!.AsArray().Select(p => p!["planId"]!.GetValue<long>()).ToList();

    /// <summary>An import on <paramref name="instance"/>: the change is saved through the service's one way of changing reference data.</summary>
    internal static async Task ChangeAsync(CustomerServiceApp instance, Func<CustomerDbContext, CancellationToken, Task> change)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        await scope.ServiceProvider.GetRequiredService<ReferenceDataChanges>().SaveAsync(db, ct => change(db, ct), CancellationToken.None);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReferenceDataCacheOnSqlite(SqliteApp app) : ReferenceDataCacheTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReferenceDataCacheOnPostgres(PostgresApp app) : ReferenceDataCacheTests(app);

/// <summary>
/// Two instances of the service on one PostgreSQL database, as deployed: a change imported through one is served by
/// the other within moments (its NOTIFY), one lost while the other was not listening is dropped when it reconnects,
/// and one made behind the service's back is served once the safety net's age has passed.
/// </summary>
public sealed class TwoInstances : IRunsOnPostgres, IAsyncLifetime
{
    private TestDatabase? _database;

    public CustomerServiceApp A { get; private set; } = null!;
    public CustomerServiceApp B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.PostgresAsync();
        if (_database is TestDatabase.UnavailableDatabase) return;
        // A's safety net is short, so the test of a change behind the service's back needs not wait a minute; B's is
        // the default (a minute), so what B sees within seconds it owes to notifications and reconnects alone.
        A = new InstanceOnSharedDatabase(_database, new Dictionary<string, string?> { ["ReferenceData:CacheSeconds"] = "2" });
        await A.InitializeAsync();
        B = new InstanceOnSharedDatabase(_database);
        await B.InitializeAsync();
    }

    /// <summary>Skips the calling test when PostgreSQL is unavailable outside CI (in CI that is a failure, raised at start).</summary>
    public void SkipIfUnavailable()
    {
        if (_database is TestDatabase.UnavailableDatabase unavailable) Assert.Skip(unavailable.Reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class ReferenceDataOnTwoInstances(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task APlanChangeImportedOnOneInstanceIsServedByTheOtherWithinMomentsAndByItselfAtOnce()
    {
        instances.SkipIfUnavailable();
        using var a = instances.A.CreateClient();
        using var b = instances.B.CreateClient();
        var before = await ReferenceDataCacheTests.PlanNameAsync(b, 1003);
        // Both warm: B answers from memory.
        var (_, warm) = await b.GetCountingAsync(instances.B, "/api/enrollment/plans?zip=75001");
        Assert.True(warm.Commands.Count == 0, warm.ToString());
        Assert.Equal(before, await ReferenceDataCacheTests.PlanNameAsync(a, 1003));

        var renamed = $"Renamed {Guid.NewGuid():N}"[..20];
        await ReferenceDataCacheTests.ChangeAsync(instances.A, async (db, ct) => (await db.Plans.SingleAsync(p => p.Id == 1003, ct)).Name = renamed);

        Assert.Equal(renamed, await ReferenceDataCacheTests.PlanNameAsync(a, 1003));
        Assert.Equal(renamed, await EventuallyAsync(() => ReferenceDataCacheTests.PlanNameAsync(b, 1003), renamed, Soon));
    }

    [Fact]
    public async Task AChangeMissedWhileNotListeningIsDroppedWhenTheListenerReconnects()
    {
        instances.SkipIfUnavailable();
        using var b = instances.B.CreateClient();
        var before = await ReferenceDataCacheTests.PlanNameAsync(b, 1004);
        Assert.NotNull(before);

        // Every LISTEN session on the database ends (B's and A's), and the change is written as if its NOTIFY were lost.
        var renamed = $"Missed {Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(instances.A.ConnectionString))
        {
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = @listen", connection);
            terminate.Parameters.AddWithValue("listen", $"LISTEN {ReferenceDataChanges.NotificationChannel}");
            Assert.Equal(2L, (long)(await terminate.ExecuteScalarAsync())!);
            await using var rename = new NpgsqlCommand("UPDATE plans SET name = @name WHERE id = 1004", connection);
            rename.Parameters.AddWithValue("name", renamed);
            await rename.ExecuteNonQueryAsync();
        }

        // B reconnects after its retry delay (2 s) and drops what it cached; its safety net (a minute) plays no part.
        Assert.Equal(renamed, await EventuallyAsync(() => ReferenceDataCacheTests.PlanNameAsync(b, 1004), renamed, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AChangeMadeBehindTheServicesBackIsServedOnceTheSafetyNetsAgeHasPassed()
    {
        instances.SkipIfUnavailable();
        using var a = instances.A.CreateClient();
        Assert.NotNull(await ReferenceDataCacheTests.PlanNameAsync(a, 1001));

        var renamed = $"Behind {Guid.NewGuid():N}"[..20];
        await instances.A.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE plans SET name = {renamed} WHERE id = 1001"));

        // No notification: A's safety net (2 s) alone brings it.
        Assert.Equal(renamed, await EventuallyAsync(() => ReferenceDataCacheTests.PlanNameAsync(a, 1001), renamed, TimeSpan.FromSeconds(4)));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, T expected, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (EqualityComparer<T>.Default.Equals(value, expected) || DateTime.UtcNow > until) return value;
            await Task.Delay(50);
        }
    }
}
