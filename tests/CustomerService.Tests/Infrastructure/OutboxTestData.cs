using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure;

/// <summary>Customers and outbox events written straight through the service's own OutboxWriter, for relay tests.</summary>
public static class OutboxTestData
{
    public static Task<long> NewCustomerAsync(this CustomerServiceApp app, string email) => app.WithDbAsync(async db =>
    {
        var customer = Customer.CreateIndividual("Test", "Customer", email, "(555) 123-4567", app.Clock.GetUtcNow().UtcDateTime);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    });

    /// <summary>One transaction that records <paramref name="count"/> events for a customer.</summary>
    public static async Task AppendEventsAsync(this CustomerServiceApp app, long customerId, int count, string name = "TestPinged")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerService.Infrastructure.Data.CustomerDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await writer.AppendAsync(customerId, Enumerable.Range(0, count).Select(i => new DomainEvent(name, new { customerId, i })).ToList(), default);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    public static Task<List<OutboxEvent>> OutboxAsync(this CustomerServiceApp app) =>
        app.WithDbAsync(db => db.OutboxEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
}
