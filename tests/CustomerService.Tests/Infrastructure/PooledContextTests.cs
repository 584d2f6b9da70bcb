using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The app's contexts are pooled (EF's DbContext pooling): an instance serves one scope after another, and what one
/// scope left in it, such as events recorded by a use case that then refused, never reaches the next scope's save.
/// </summary>
public abstract class PooledContextTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task AContextBackFromThePoolHasForgottenTheEventsItsLastScopeRecordedAndNeverSaved()
    {
        var customerId = await App.NewCustomerAsync($"pooled-{Guid.NewGuid():N}@example.com");
        var before = await EventsOfAsync(customerId);

        CustomerDbContext left;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            left = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
            left.Record(customerId, new TestPingedEvent(customerId, 1));
        }

        // The same instance comes back to a later scope (the pool cycles through the contexts it holds).
        var found = false;
        for (var i = 0; i < 5000 && !found; i++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
            if (!ReferenceEquals(db, left)) continue;
            found = true;
            Assert.Empty(db.ChangeTracker.Entries());
            await db.SaveChangesAsync();
        }

        Assert.True(found, "A scope's context never came back to a later scope: the app's contexts are not pooled.");
        Assert.Equal(before, await EventsOfAsync(customerId));
    }

    private Task<int> EventsOfAsync(long customerId) =>
        App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Subject == customerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

[Collection(SqliteCollection.Name)]
public sealed class PooledContextOnSqlite(SqliteApp app) : PooledContextTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PooledContextOnPostgres(PostgresApp app) : PooledContextTests(app);
