using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure;

/// <summary>An event only the relay tests record.</summary>
public sealed record TestPingedEvent(long CustomerId, int I) : IDomainEvent;

/// <summary>Customers and outbox events written through the service's own commit step, for relay tests.</summary>
public static class OutboxTestData
{
    public static Task<long> NewCustomerAsync(this CustomerServiceApp app, string email) => app.WithDbAsync(async db =>
    {
        var customer = Customer.CreateIndividual("Test", "Customer", email, "(555) 123-4567", app.Clock.GetUtcNow().UtcDateTime);
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    });

    /// <summary>One commit that records <paramref name="count"/> TestPinged events for a customer, through the service's one commit step.</summary>
    public static async Task AppendEventsAsync(this CustomerServiceApp app, long customerId, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerService.Infrastructure.Data.CustomerDbContext>();
        for (var i = 0; i < count; i++) db.Record(customerId, new TestPingedEvent(customerId, i));
        await db.SaveChangesAsync();
    }

    public static Task<List<OutboxEvent>> OutboxAsync(this CustomerServiceApp app) =>
        app.WithDbAsync(db => db.OutboxEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
}
