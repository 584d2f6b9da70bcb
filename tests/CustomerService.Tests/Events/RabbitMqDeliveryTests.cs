using System.Text;
using System.Text.Json;
using CustomerService.Features.Contracts;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace CustomerService.Tests.Events;

/// <summary>
/// The service's own relay publishing to a real RabbitMQ: what a consumer with a queue bound to the exchange receives.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqDeliveryTests(RabbitMqApp app) : ProviderTests(app), IAsyncLifetime
{
    private readonly RabbitMqApp _app = app;
    private IConnection? _connection;
    private IChannel? _channel;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await TestBroker.SkipIfUnavailableAsync();
        await InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>A queue bound to the service's exchange with '#' (every event type).</summary>
    private async Task<string> BindQueueAsync(bool durable)
    {
        _connection ??= await TestBroker.ConnectAsync();
        _channel ??= await _connection.CreateChannelAsync();
        await _channel.ExchangeDeclareAsync(_app.Exchange, ExchangeType.Topic, durable: true, autoDelete: false);
        var queue = durable
            ? (await _channel.QueueDeclareAsync($"customer-service-test-{Guid.NewGuid():N}", durable: true, exclusive: false, autoDelete: false)).QueueName
            : (await _channel.QueueDeclareAsync()).QueueName;
        await _channel.QueueBindAsync(queue, _app.Exchange, "#");
        return queue;
    }

    private static async Task<List<BasicGetResult>> ReceiveAsync(IChannel channel, string queue, int atLeast, TimeSpan timeout)
    {
        var received = new List<BasicGetResult>();
        var deadline = DateTime.UtcNow + timeout;
        while (received.Count < atLeast && DateTime.UtcNow < deadline)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } message) received.Add(message);
            else await Task.Delay(50);
        }
        return received;
    }

    private async Task WaitUntilDeliveredAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.DeliveredAt == null)) is var left && left > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{left} events still undelivered after {timeout}.");
            await Task.Delay(200);
        }
    }

    private static string Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers![name] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : properties.Headers[name]!.ToString()!;

    [Fact]
    public async Task EveryEventTypeTheServiceProducesReachesABoundQueueWithTheDocumentedEnvelope()
    {
        var queue = await BindQueueAsync(durable: false);
        var (customerId, expected) = await App.EnrollAndLiveTheContractToItsEndAsync(Client);

        var outbox = await App.OutboxAsync();
        Assert.Equal(expected, outbox.Select(e => e.Type));

        var messages = await ReceiveAsync(_channel!, queue, expected.Length, TimeSpan.FromSeconds(30));
        Assert.Equal(outbox.Select(e => e.Id.ToString()), messages.Select(m => m.BasicProperties.MessageId));
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, row) = (messages[i], outbox[i]);
            var p = message.BasicProperties;
            Assert.Equal(_app.Exchange, message.Exchange);
            Assert.Equal(row.Type, message.RoutingKey);
            Assert.Equal(row.Type, p.Type);
            Assert.Equal("application/cloudevents+json", p.ContentType);
            Assert.Equal(DeliveryModes.Persistent, p.DeliveryMode);
            Assert.Equal(new DateTimeOffset(row.Time).ToUnixTimeSeconds(), p.Timestamp.UnixTime);
            Assert.Equal("1.0", Header(p, "cloudEvents_specversion"));
            Assert.Equal(row.Id.ToString(), Header(p, "cloudEvents_id"));
            Assert.Equal("urn:ossrep:customer-service", Header(p, "cloudEvents_source"));
            Assert.Equal(row.Type, Header(p, "cloudEvents_type"));
            Assert.Equal(customerId.ToString(), Header(p, "cloudEvents_subject"));
            Assert.Equal((i + 1L).ToString("D19", System.Globalization.CultureInfo.InvariantCulture), Header(p, "cloudEvents_sequence"));
            Assert.Equal(DateTimeOffset.Parse(Header(p, "cloudEvents_time"), System.Globalization.CultureInfo.InvariantCulture), new DateTimeOffset(row.Time));

            var body = JsonDocument.Parse(message.Body).RootElement;
            Assert.Equal("1.0", body.GetProperty("specversion").GetString());
            Assert.Equal(row.Id, body.GetProperty("id").GetGuid());
            Assert.Equal("urn:ossrep:customer-service", body.GetProperty("source").GetString());
            Assert.Equal(row.Type, body.GetProperty("type").GetString());
            Assert.Equal(customerId.ToString(), body.GetProperty("subject").GetString());
            Assert.Equal(new DateTimeOffset(row.Time), body.GetProperty("time").GetDateTimeOffset());
            Assert.EndsWith("Z", body.GetProperty("time").GetString());
            Assert.Equal("application/json", body.GetProperty("datacontenttype").GetString());
            Assert.Equal(Header(p, "cloudEvents_sequence"), body.GetProperty("sequence").GetString());
            Assert.Equal(JsonValueKind.Object, body.GetProperty("data").ValueKind);
            Assert.Equal(JsonDocument.Parse(row.Data).RootElement.GetRawText(), body.GetProperty("data").GetRawText());
        }
    }

    private async Task<(int Status, System.Text.Json.Nodes.JsonNode Check)> RabbitMqCheckAsync()
    {
        using var response = await Client.GetAsync("/health/ready");
        return ((int)response.StatusCode, (await response.JsonAsync())["checks"]!["rabbitmq"]!);
    }

    [Fact]
    public async Task TheBrokerStoppedMidStreamAndRestartedLosesNoEventAndKeepsEachCustomersOrder()
    {
        var queue = await BindQueueAsync(durable: true);
        var customers = new List<long>();
        for (var i = 0; i < 4; i++) customers.Add(await App.NewCustomerAsync($"broker{i}@example.com"));
        try
        {
            for (var t = 0; t < 40; t++)
            {
                if (t == 12) await TestBroker.StopAsync();
                if (t == 28)
                {
                    Assert.True(await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.DeliveredAt == null)) > 0, "The outage held events back.");
                    // The instance stays ready (enrollments go on; the outbox keeps the events), degraded by the broker.
                    var (status, rabbit) = await RabbitMqCheckAsync();
                    Assert.True(status == 200 && rabbit["status"]!.GetValue<string>() == "Degraded", rabbit.ToJsonString());
                    Assert.Matches("^RabbitMQ: (unreachable for [0-9]+ s|connection lost, recovering); events wait in the outbox\\.$", rabbit["description"]!.GetValue<string>());
                    await TestBroker.StartAsync();
                }
                await App.AppendEventsAsync(customers[t % customers.Count], 1 + t % 3);
                await Task.Delay(25);
            }
        }
        finally
        {
            await TestBroker.StartAsync();
        }
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(90));
        var (_, connected) = await RabbitMqCheckAsync();
        Assert.Equal(("Healthy", "RabbitMQ: connected."), (connected["status"]!.GetValue<string>(), connected["description"]!.GetValue<string>()));

        // The test's own connection died with the broker: read the durable queue on a new one.
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var outbox = await App.OutboxAsync();
        var messages = await ReceiveAsync(channel, queue, outbox.Count, TimeSpan.FromSeconds(30));
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } duplicate) messages.Add(duplicate);
        await channel.QueueDeleteAsync(queue);

        var received = messages.Select(m => JsonDocument.Parse(m.Body).RootElement)
            .Select(e => (Id: e.GetProperty("id").GetGuid(), Subject: e.GetProperty("subject").GetString()!, Sequence: long.Parse(e.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Empty(outbox.Select(e => e.Id).Except(received.Select(r => r.Id))); // duplicates allowed, gaps not
        foreach (var subject in outbox.Select(e => e.Subject).Distinct())
        {
            // De-duplicated by id as a consumer does, each customer's events arrive in sequence order.
            var firstSeen = received.Where(r => r.Subject == subject).DistinctBy(r => r.Id).Select(r => r.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, outbox.Count(e => e.Subject == subject)).Select(i => (long)i), firstSeen);
        }
    }
}
