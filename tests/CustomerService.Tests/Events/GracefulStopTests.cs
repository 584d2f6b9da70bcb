using System.Collections.Concurrent;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace CustomerService.Tests.Events;

/// <summary>A PostgreSQL database of its own for service processes started by the test, dropped afterwards.</summary>
public sealed class ServiceProcessDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.PostgresAsync();

    public void SkipIfUnavailable()
    {
        if (_database is TestDatabase.UnavailableDatabase unavailable) Assert.Skip(unavailable.Reason);
    }

    /// <summary>A context of the service's model on this database.</summary>
    public CustomerDbContext Context() => ModelContext.For("postgres", ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>
/// A graceful stop (SIGTERM) of a service process in the middle of relaying a stream of events: a second instance
/// finishes the stream, and a consumer bound to the exchange receives every event exactly once (by CloudEvents id).
/// In the rabbitmq collection (whose category it takes), so it never runs while another test stops the broker.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class GracefulStopTests(ServiceProcessDatabase database) : IClassFixture<ServiceProcessDatabase>
{
    private const int Customers = 200;
    private const int EventsPerCustomer = 50;
    private const int Total = Customers * EventsPerCustomer;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3); // a guard against hanging, not a measured figure

    private readonly string _exchange = $"customer-service.events.test-{Guid.NewGuid():N}";

    [Fact]
    public async Task ASigtermMidStreamRepublishesNothingTheNextInstanceFinishesTheStreamWithoutDuplicates()
    {
        await TestBroker.SkipIfUnavailableAsync();
        database.SkipIfUnavailable();
        await WriteStreamAsync();

        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(_exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync()).QueueName;
        await channel.QueueBindAsync(queue, _exchange, "#");
        var received = new ConcurrentQueue<string>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Enqueue(delivery.BasicProperties.MessageId ?? "");
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        try
        {
            int beforeStop, undeliveredAfterStop;
            await using (var first = ServiceProcess.Start(Environment()))
            {
                await WaitUntilAsync(() => received.Count >= 1000 || first.HasExited, "the first instance to publish", first);
                Assert.False(first.HasExited, "The first instance exited by itself:\n" + first.Output);
                await first.TerminateAsync();
                Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The first instance did not exit after SIGTERM:\n" + first.Output);
                Assert.True(first.ExitCode == 0, $"Exit code {first.ExitCode}:\n{first.Output}");
                Assert.Contains("Outbox relay stopped", first.Output, StringComparison.Ordinal);
                beforeStop = received.Count;
                undeliveredAfterStop = await UndeliveredAsync();
            }
            Assert.True(undeliveredAfterStop > 0, "The stream was over before the stop; write more events to stop mid-stream.");

            await using (var second = ServiceProcess.Start(Environment()))
            {
                await WaitUntilAsync(async () => await UndeliveredAsync() == 0, "the second instance to finish the stream", second);
                await second.TerminateAsync();
                Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The second instance did not exit after SIGTERM:\n" + second.Output);
            }
            // Whatever was published is in the queue or received by now; let the consumer drain it.
            await WaitUntilAsync(async () => await channel.MessageCountAsync(queue) == 0, "the queue to drain", null);
            await Task.Delay(500);

            var ids = received.ToList();
            var duplicates = ids.Count - ids.Distinct().Count();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{beforeStop} received before the stop, {undeliveredAfterStop} left undelivered, {ids.Count} received in all, {duplicates} duplicates");
            Assert.Equal(Total, ids.Distinct().Count());
            Assert.Equal(0, duplicates);
        }
        finally
        {
            await channel.ExchangeDeleteAsync(_exchange);
        }
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Database__Provider"] = "postgres",
        ["ConnectionStrings__Customers"] = database.ConnectionString,
        ["ReferenceData__SeedDemo"] = "false",
        ["Contracts__LifecycleJob__Enabled"] = "false",
        ["DataProtection__KeysPath"] = Path.Combine(Path.GetTempPath(), "customer-service-tests-keys"),
        ["Events__Transport"] = "rabbitmq",
        ["ConnectionStrings__RabbitMq"] = TestBroker.ConnectionString,
        ["Events__RabbitMq__Exchange"] = _exchange,
        ["Events__PollingIntervalSeconds"] = "0.5",
        ["Events__RetentionHours"] = "87600",
    };

    /// <summary>The schema, then <see cref="Customers"/> customers with <see cref="EventsPerCustomer"/> events each, through the service's own commit step.</summary>
    private async Task WriteStreamAsync()
    {
        await using (var db = database.Context()) await db.Database.MigrateAsync();
        for (var c = 0; c < Customers; c++)
        {
            await using var db = database.Context();
            var customer = Customer.CreateIndividual("Stream", "Customer", $"stream{c}@example.com", "(555) 123-4567", DateTime.UtcNow);
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            for (var i = 0; i < EventsPerCustomer; i++) db.Record(customer.Id, new TestPingedEvent(customer.Id, i));
            await db.SaveChangesAsync();
        }
        Assert.Equal(Total, await UndeliveredAsync());
    }

    private async Task<int> UndeliveredAsync()
    {
        await using var db = database.Context();
        return await db.OutboxEvents.CountAsync(o => o.DeliveredAt == null);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what, ServiceProcess? process) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, process);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, ServiceProcess? process)
    {
        var limit = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"Gave up waiting for {what}.\n{process?.Output}");
            await Task.Delay(100);
        }
    }
}
