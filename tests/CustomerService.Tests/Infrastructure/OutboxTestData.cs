using CustomerService.Features.Contracts;
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

    /// <summary>
    /// Every event type a contract's life produces, in order: an enrollment (customer-service.md's individual request),
    /// then the lifecycle job on the start date, 30 days before the end and after it, with the app's clock.
    /// Returns the enrolled customer and the event types the outbox must then hold, in order.
    /// </summary>
    public static async Task<(long CustomerId, string[] Types)> EnrollAndLiveTheContractToItsEndAsync(this CustomerServiceApp app, HttpClient client)
    {
        var enrollment = await (await client.EnrollAsync(Requests.Individual())).JsonAsync();
        var job = app.Services.GetRequiredService<ContractLifecycleJob>();
        foreach (var day in new[] { new DateOnly(2026, 12, 1), new DateOnly(2027, 11, 1), new DateOnly(2027, 12, 2) })
        {
            app.Clock.Set(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(-5)));
            await job.RunOnceAsync(default);
        }
        string[] types =
        [
            "EnrollmentSubmitted", "CustomerCreated", "AccountCreated", "PremiseAdded", "MeterEnrolled", "ContractCreated",
            "EnrollmentCompleted", "CustomerStatusChanged", "ContractActivated", "AccountStatusChanged", "CustomerStatusChanged",
            "ContractExpiring", "ContractExpired",
        ];
        return (enrollment["customerId"]!.GetValue<long>(), types.Select(t => "customer." + t).ToArray());
    }

    public static Task<List<OutboxEvent>> OutboxAsync(this CustomerServiceApp app) =>
        app.WithDbAsync(db => db.OutboxEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
}
