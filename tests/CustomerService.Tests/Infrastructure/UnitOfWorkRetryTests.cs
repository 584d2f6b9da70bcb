using CustomerService.Infrastructure.Data.Migrations.Postgres;
using System.Data.Common;
using CustomerService.Features.Invites;
using CustomerService.Features.Tariffs;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// What the execution strategy re-runs after a transient failure (injected once, on the app's own DbContext options):
/// a unit of work whole, from an empty change tracker, and only before its commit was sent; the commit step only
/// until the change itself was saved. Nothing is applied twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnitOfWorkRetryTests(PostgresApp app) : ProviderTests(app)
{
    private static readonly DateTime Now = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ATransientFailureBeforeTheCommitReRunsTheWholeUnitAndAppliesItOnce()
    {
        var failure = new FailOnce(command => command.CommandText.Contains("INSERT INTO escos", StringComparison.Ordinal));
        await using var scoped = Context(failure);
        var db = scoped.Db;
        var runs = 0;
        await db.InTransactionAsync(async (tx, ct) =>
        {
            runs++;
            Assert.Empty(db.ChangeTracker.Entries()); // a re-run starts from what the database holds
            db.Escos.Add(new Esco { Code = "RETRIED", Name = "Retried", CreatedAt = Now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }, TestContext.Current.CancellationToken);

        Assert.True(failure.Fired);
        Assert.Equal(2, runs);
        Assert.Equal(1, await App.WithDbAsync(d => d.Escos.CountAsync(e => e.Code == "RETRIED")));
    }

    [Fact]
    public async Task ATransientFailureAtTheCommitIsNotRetriedSinceItsOutcomeIsUnknown()
    {
        var failure = new FailOnce(failCommit: true);
        await using var scoped = Context(failure);
        var db = scoped.Db;
        var runs = 0;
        await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => db.InTransactionAsync(async (tx, ct) =>
        {
            runs++;
            db.Escos.Add(new Esco { Code = "UNKNOWN", Name = "Unknown", CreatedAt = Now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }, TestContext.Current.CancellationToken));

        Assert.True(failure.Fired);
        Assert.Equal(1, runs);
        Assert.Equal(0, await App.WithDbAsync(d => d.Escos.CountAsync(e => e.Code == "UNKNOWN")));
    }

    [Fact]
    public async Task TheCommitStepRetriesAFailedFirstSaveAndWritesTheChangeAndItsEventsOnce()
    {
        var customerId = await EnrolledCustomerAsync();
        var eventsBefore = await OutboxCountAsync(customerId);
        var failure = new FailOnce(command => command.CommandText.Contains("INSERT INTO escos", StringComparison.Ordinal));
        await using var scoped = Context(failure);
        var db = scoped.Db;
        db.Escos.Add(new Esco { Code = "COMMITSTEP", Name = "Commit step", CreatedAt = Now });
        db.Record(customerId, new InviteAcceptedEvent(1, customerId, "kc-retry", Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.True(failure.Fired);
        Assert.Equal(1, await App.WithDbAsync(d => d.Escos.CountAsync(e => e.Code == "COMMITSTEP")));
        Assert.Equal(eventsBefore + 1, await OutboxCountAsync(customerId));
    }

    [Fact]
    public async Task TheCommitStepDoesNotRetryOnceTheChangeWasSaved()
    {
        var customerId = await EnrolledCustomerAsync();
        var eventsBefore = await OutboxCountAsync(customerId);
        var failure = new FailOnce(command => command.CommandText.Contains("INSERT INTO outbox_events", StringComparison.Ordinal));
        await using var scoped = Context(failure);
        var db = scoped.Db;
        db.Escos.Add(new Esco { Code = "HALFWAY", Name = "Half way", CreatedAt = Now });
        db.Record(customerId, new InviteAcceptedEvent(1, customerId, "kc-retry", Now));

        await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.True(failure.Fired);
        Assert.Equal(0, await App.WithDbAsync(d => d.Escos.CountAsync(e => e.Code == "HALFWAY")));
        Assert.Equal(eventsBefore, await OutboxCountAsync(customerId));
    }

    /// <summary>A context on the app's own options (provider, retrying strategy, logging, the app's services) plus the failure.</summary>
    private ScopedContext Context(FailOnce failure)
    {
        var scope = App.Services.CreateScope();
        var options = new DbContextOptionsBuilder<PostgresCustomerDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<PostgresCustomerDbContext>>())
            .AddInterceptors(failure).Options;
        return new ScopedContext(scope, new PostgresCustomerDbContext(options));
    }

    private sealed class ScopedContext(IServiceScope scope, CustomerDbContext db) : IAsyncDisposable
    {
        public CustomerDbContext Db => db;

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            scope.Dispose();
        }
    }

    private async Task<long> EnrolledCustomerAsync()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        return body["customerId"]!.GetValue<long>();
    }

    private Task<int> OutboxCountAsync(long customerId)
    {
        var subject = customerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return App.WithDbAsync(d => d.OutboxEvents.CountAsync(o => o.Subject == subject));
    }

    /// <summary>Fails the first matching command (or the first commit) the way a dropped connection does: a transient NpgsqlException.</summary>
    private sealed class FailOnce(Func<DbCommand, bool>? command = null, bool failCommit = false) : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private int _fired;

        public bool Fired => _fired == 1;

        private void MaybeFail(bool matches)
        {
            if (matches && Interlocked.Exchange(ref _fired, 1) == 0)
                throw new NpgsqlException("Injected: connection dropped", new IOException("injected"));
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default)
        {
            MaybeFail(command?.Invoke(c) == true);
            return base.ReaderExecutingAsync(c, e, r, ct);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<int> r, CancellationToken ct = default)
        {
            MaybeFail(command?.Invoke(c) == true);
            return base.NonQueryExecutingAsync(c, e, r, ct);
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken ct = default)
        {
            MaybeFail(failCommit);
            return ValueTask.FromResult(result);
        }
    }
}
