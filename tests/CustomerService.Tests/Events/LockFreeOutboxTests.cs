using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CustomerService.Features.Invites;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Tests.Events;

/// <summary>
/// The outbox without a global lock, on PostgreSQL: a transaction that wrote one customer's events and stays open
/// holds back no other customer's write, and the event feed still never skips the events of a transaction that
/// commits after later ones (the failure a feed ordered by the insert-time sequence alone would have).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LockFreeOutboxTests(PostgresApp app) : ProviderTests(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AnotherCustomersWriteDoesNotWaitForAnOpenTransactionThatWroteEvents()
    {
        var first = await EnrollAsync(Requests.Individual());
        await using var open = await OpenTransactionWithAnEventAsync(first);

        // The business enrollment writes ~12 outbox rows for a new customer while the first customer's are uncommitted.
        using var sampling = new CancellationTokenSource();
        var waits = SampleLockWaitsAsync(sampling.Token);
        var clock = Stopwatch.StartNew();
        var response = await Client.EnrollAsync(Requests.Business()).WaitAsync(Patience, TestContext.Current.CancellationToken);
        clock.Stop();
        await sampling.CancelAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await waits);
        // Not a speed target: it fails only if the enrollment waited for the open transaction (it would wait for Patience).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the enrollment took {clock.Elapsed}");
        await open.Transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TheFeedNeverSkipsAnEventThatCommitsAfterLaterOnes()
    {
        var first = await EnrollAsync(Requests.Individual());
        using var service = App.CreateClient(App.Issuer.Token("market-service", ["service"]));
        await App.FeedSettledAsync(); // another test database's open transaction holds the cluster's horizon back too
        var seen = await ReadAllAsync(service, 0, limit: 1000);
        var cursor = seen.Next;

        // The late transaction starts (and takes its transaction id) first…
        await using var late = await OpenTransactionAsync(first);
        // …a second customer's enrollment commits meanwhile…
        var second = await EnrollAsync(Requests.Business());
        // …and only then the late one writes its event, taking a larger outbox sequence than every one of the second's.
        var lateEvent = await late.RecordAsync(first);

        var whileOpen = await ReadAllAsync(service, cursor, limit: 1000);
        Assert.Empty(whileOpen.Ids); // the second customer's events wait behind the open transaction, which may still commit
        Assert.Equal(cursor, whileOpen.Next);

        await late.Transaction.CommitAsync(TestContext.Current.CancellationToken);
        await App.FeedSettledAsync();
        // One event per page, so the cursor passes through the late event, whose sequence is larger than those after it.
        var after = await ReadAllAsync(service, cursor, limit: 1);
        var secondsEvents = await App.WithDbAsync(db => db.OutboxEvents.Where(e => e.Subject == second.ToString()).OrderBy(e => e.CustomerSequence).Select(e => e.Id).ToListAsync());
        Assert.Equal([lateEvent, .. secondsEvents], after.Ids);
        var sequences = await App.WithDbAsync(db => db.OutboxEvents.Where(e => after.Ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Sequence));
        Assert.True(sequences[lateEvent] > secondsEvents.Max(id => sequences[id]), "the late event was meant to hold the largest sequence");

        var everything = await ReadAllAsync(service, 0, limit: 1000);
        Assert.Equal(await App.WithDbAsync(db => db.OutboxEvents.CountAsync()), everything.Ids.Count);
        Assert.Equal(seen.Ids.Concat(after.Ids), everything.Ids);
    }

    private async Task<long> EnrollAsync(JsonObject request)
    {
        var response = await Client.EnrollAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["customerId"]!.GetValue<long>();
    }

    private sealed record Page(List<Guid> Ids, long Next);

    private static async Task<Page> ReadAllAsync(HttpClient service, long after, int limit)
    {
        var ids = new List<Guid>();
        while (true)
        {
            var page = await (await service.GetAsync($"/api/events?after={after}&limit={limit}")).JsonAsync();
            var events = page["events"]!.AsArray();
            ids.AddRange(events.Select(e => Guid.Parse(e!["id"]!.GetValue<string>())));
            after = page["next"]!.GetValue<long>();
            if (events.Count < limit) return new Page(ids, after);
        }
    }

    /// <summary>A unit of work left open on its own context: it has a transaction id and holds the customer's row.</summary>
    private sealed class OpenUnit(IServiceScope scope, CustomerDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction => transaction;

        public async Task<Guid> RecordAsync(long customerId)
        {
            db.Record(customerId, new InviteAcceptedEvent(1, customerId, "kc-late", DateTime.UtcNow));
            await db.SaveChangesAsync();
            return await db.OutboxEvents.Where(e => e.Subject == customerId.ToString()).OrderByDescending(e => e.CustomerSequence).Select(e => e.Id).FirstAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await db.DisposeAsync();
            scope.Dispose();
        }
    }

    private async Task<OpenUnit> OpenTransactionAsync(long customerId)
    {
        var scope = App.Services.CreateScope();
        // The app's context without its retrying execution strategy, which refuses a transaction begun outside it.
        var connectionString = scope.ServiceProvider.GetRequiredService<CustomerDbContext>().Database.GetConnectionString();
        var db = new PostgresCustomerDbContext(
            new DbContextOptionsBuilder<PostgresCustomerDbContext>().UseNpgsql(connectionString).UseApplicationServiceProvider(App.Services).Options);
        var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE customers SET updated_at = updated_at WHERE id = {customerId}");
        return new OpenUnit(scope, db, transaction);
    }

    private async Task<OpenUnit> OpenTransactionWithAnEventAsync(long customerId)
    {
        var unit = await OpenTransactionAsync(customerId);
        await unit.RecordAsync(customerId);
        return unit;
    }

    /// <summary>Every lock some session waited for, sampled from pg_locks every 5 ms until cancelled.</summary>
    private async Task<List<string>> SampleLockWaitsAsync(CancellationToken ct)
    {
        var connectionString = await App.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var waits = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand(
                "SELECT l.locktype || ' ' || l.mode FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()",
                connection))
            await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken)) waits.Add(reader.GetString(0));
            }
            try { await Task.Delay(5, ct); } catch (OperationCanceledException) { }
        }
        return waits;
    }
}
