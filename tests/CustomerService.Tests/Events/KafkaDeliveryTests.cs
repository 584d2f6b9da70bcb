using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CustomerService.Features.Contracts;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;
using CustomerService.Tests.Infrastructure.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Events;

/// <summary>
/// The service's own relay producing to Kafka (librdkafka's mock cluster: three brokers, a topic of four partitions):
/// what members of a consumer group receive, with Confluent.Kafka and with kafkajs.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaDeliveryTests(KafkaApp app) : ProviderTests(app)
{
    private readonly KafkaApp _app = app;

    private async Task WaitUntilDeliveredAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.DeliveredAt == null)) is var left && left > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{left} events still undelivered after {timeout}.");
            await Task.Delay(100);
        }
    }

    private Task<List<KafkaReceived>> ReadAsync(IReadOnlyCollection<OutboxEvent> outbox) =>
        KafkaTestConsumer.ReadAsync(_app.Cluster.BootstrapServers, _app.Topic, outbox.Select(e => e.Id).ToList(), TimeSpan.FromSeconds(60));

    private static long Sequence(KafkaReceived m) => long.Parse(m.Header("ce_sequence"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task EveryEventTypeTheServiceProducesReachesAConsumerGroupWithTheDocumentedKeyHeadersAndEnvelope()
    {
        var (enrolled, expected) = await App.EnrollAndLiveTheContractToItsEndAsync(Client);
        var customerId = enrolled.ToString(CultureInfo.InvariantCulture);
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(60));

        var outbox = await App.OutboxAsync();
        Assert.Equal(expected, outbox.Select(e => e.Type));

        var ids = outbox.Select(e => e.Id.ToString()).ToHashSet();
        var messages = (await ReadAsync(outbox)).Where(m => ids.Contains(m.Id)).DistinctBy(m => m.Id).ToList();
        Assert.Equal(outbox.Select(e => e.Id.ToString()), messages.Select(m => m.Id)); // all of them, in the customer's order
        Assert.Single(messages.Select(m => m.Partition).Distinct());
        for (var i = 0; i < messages.Count; i++)
        {
            var (message, row) = (messages[i], outbox[i]);
            Assert.Equal(customerId, message.Key);
            Assert.Equal(
                ["content-type", "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "ce_sequence"],
                message.Headers.Select(h => h.Key));
            Assert.Equal("application/cloudevents+json", message.Header("content-type"));
            Assert.Equal("1.0", message.Header("ce_specversion"));
            Assert.Equal("urn:ossrep:customer-service", message.Header("ce_source"));
            Assert.Equal(row.Type, message.Header("ce_type"));
            Assert.Equal(customerId, message.Header("ce_subject"));
            Assert.Equal(new DateTimeOffset(row.Time), DateTimeOffset.Parse(message.Header("ce_time"), CultureInfo.InvariantCulture));
            Assert.Equal((i + 1L).ToString("D19", CultureInfo.InvariantCulture), message.Header("ce_sequence"));

            // The value is the structured envelope, the same bytes the RabbitMQ transport and the feed carry.
            Assert.Equal(System.Text.Encoding.UTF8.GetString(CloudEvent.From(row).ToJsonBytes()), message.Value);
            var body = JsonDocument.Parse(message.Value).RootElement;
            Assert.Equal(row.Id, body.GetProperty("id").GetGuid());
            Assert.Equal(row.Type, body.GetProperty("type").GetString());
            Assert.Equal(customerId, body.GetProperty("subject").GetString());
            Assert.Equal("application/json", body.GetProperty("datacontenttype").GetString());
            Assert.Equal(message.Header("ce_sequence"), body.GetProperty("sequence").GetString());
            Assert.Equal(JsonDocument.Parse(row.Data).RootElement.GetRawText(), body.GetProperty("data").GetRawText());
        }
    }

    [Fact]
    public async Task EachCustomersEventsStayInOnePartitionInOrderWhileCustomersSpreadOverThePartitions()
    {
        var customers = new List<long>();
        for (var i = 0; i < 12; i++) customers.Add(await App.NewCustomerAsync($"kafka-order{i}@example.com"));
        for (var round = 0; round < 5; round++)
            foreach (var customer in customers) await App.AppendEventsAsync(customer, 1 + round % 2);
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(60));

        var outbox = await App.OutboxAsync();
        var ids = outbox.Select(e => e.Id.ToString()).ToHashSet();
        var messages = (await ReadAsync(outbox)).Where(m => ids.Contains(m.Id)).ToList();
        Assert.Empty(ids.Except(messages.Select(m => m.Id)));
        Assert.True(messages.Select(m => m.Partition).Distinct().Count() > 1, "Twelve customers all landed in one partition.");
        foreach (var subject in outbox.Select(e => e.Subject).Distinct())
        {
            var mine = messages.Where(m => m.Key == subject).ToList();
            Assert.Single(mine.Select(m => m.Partition).Distinct());
            // In offset order, de-duplicated by id as a consumer does: 1, 2, 3 … without gaps.
            var sequences = mine.OrderBy(m => m.Offset).DistinctBy(m => m.Id).Select(Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, outbox.Count(e => e.Subject == subject)).Select(i => (long)i), sequences);
        }
    }

    [Fact]
    public async Task TheBrokersTakenDownMidStreamAndBroughtBackLoseNoEventAndTheRelayCatchesUp()
    {
        var customers = new List<long>();
        for (var i = 0; i < 4; i++) customers.Add(await App.NewCustomerAsync($"kafka-outage{i}@example.com"));
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(60));
        try
        {
            for (var t = 0; t < 40; t++)
            {
                if (t == 12) _app.Cluster.TakeDown();
                if (t == 28)
                {
                    // Longer than message.timeout.ms (3 s): publishes timed out, the relay backed off and retried.
                    await Task.Delay(TimeSpan.FromSeconds(4));
                    Assert.True(await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.DeliveredAt == null)) > 0, "The outage held events back.");
                    _app.Cluster.BringBack();
                }
                await App.AppendEventsAsync(customers[t % customers.Count], 1 + t % 3);
                await Task.Delay(25);
            }
        }
        finally
        {
            _app.Cluster.BringBack();
        }
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(90));
        var outbox = await App.OutboxAsync();
        Assert.All(outbox, e => Assert.Equal((0, null), (e.Attempts, e.ParkedAt))); // an outage is not the events' fault

        var ids = outbox.Select(e => e.Id.ToString()).ToHashSet();
        var messages = (await ReadAsync(outbox)).Where(m => ids.Contains(m.Id)).ToList();
        Assert.Empty(ids.Except(messages.Select(m => m.Id))); // duplicates allowed, gaps not
        foreach (var subject in outbox.Select(e => e.Subject).Distinct())
        {
            var firstSeen = messages.Where(m => m.Key == subject).OrderBy(m => m.Offset).DistinctBy(m => m.Id).Select(Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, outbox.Count(e => e.Subject == subject)).Select(i => (long)i), firstSeen);
        }
    }

    private async Task<(int Status, string KafkaStatus, string Description)> WaitForKafkaCheckAsync(string status)
    {
        // librdkafka notices a broker gone when its connection fails, which on a loaded machine has taken over 30 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await Client.GetAsync("/health/ready");
            var kafka = (await response.JsonAsync())["checks"]!["kafka"]!;
            var seen = ((int)response.StatusCode, kafka["status"]!.GetValue<string>(), kafka["description"]!.GetValue<string>());
            if (seen.Item2 == status || DateTime.UtcNow > deadline) return seen;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ReadinessReportsTheBrokerConnectionsAndDegradesButStaysReadyWhileNoBrokerIsReachable()
    {
        var healthy = await WaitForKafkaCheckAsync("Healthy");
        Assert.Equal((200, "Healthy"), (healthy.Status, healthy.KafkaStatus));
        Assert.Matches("^Kafka: [1-3] of 3 brokers connected", healthy.Description);

        _app.Cluster.TakeDown();
        try
        {
            var down = await WaitForKafkaCheckAsync("Degraded");
            // Enrollments still work while Kafka is away (the outbox keeps the events): the instance stays ready.
            Assert.True((down.Status, down.KafkaStatus) == (200, "Degraded"), $"{down}"); // the description says what librdkafka saw
            // How many brokers librdkafka still lists while none answers varies (3, or 1 once it has dropped learned ones).
            Assert.Matches(@"^Kafka: no broker connected \([1-3] known\); events wait in the outbox\.$", down.Description);
        }
        finally
        {
            _app.Cluster.BringBack();
        }
        Assert.Equal("Healthy", (await WaitForKafkaCheckAsync("Healthy")).KafkaStatus);
    }

    [Fact]
    public async Task AConsumerWrittenWithKafkaJsReadsTheSameKeysHeadersAndEnvelopes()
    {
        var node = Prerequisite.OnPath("node") ?? throw Prerequisite.Missing("Node.js is not installed: the kafkajs consumer runs on it (apt-get install nodejs npm).");
        var folder = Path.Combine(Prerequisite.RepositoryRoot().FullName, "tests", "kafka-consumer");
        if (!File.Exists(Path.Combine(folder, "node_modules", "kafkajs", "package.json")))
            throw Prerequisite.Missing($"kafkajs is not installed in {folder}: run npm ci --no-audit --no-fund there (the test project's build does, when npm is installed).");

        await Client.EnrollAsync(Requests.Individual());
        await Client.EnrollAsync(Requests.Business());
        await WaitUntilDeliveredAsync(TimeSpan.FromSeconds(60));
        var outbox = await App.OutboxAsync();
        var ids = outbox.Select(e => e.Id.ToString()).ToHashSet();
        var dotnet = (await ReadAsync(outbox)).Where(m => ids.Contains(m.Id)).DistinctBy(m => m.Id).ToDictionary(m => m.Id);

        var idsFile = Path.GetTempFileName();
        await File.WriteAllLinesAsync(idsFile, ids);
        var info = new ProcessStartInfo(node, ["consume.mjs", _app.Cluster.BootstrapServers, _app.Topic, $"kafkajs-{Guid.NewGuid():N}", idsFile, "60000"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        File.Delete(idsFile);
        Assert.True(process.ExitCode == 0, $"kafkajs consumer exited {process.ExitCode}: {await stderr}");

        var kafkajs = JsonDocument.Parse(await stdout).RootElement.EnumerateArray()
            .Select(m => (
                Partition: m.GetProperty("partition").GetInt32(),
                Key: m.GetProperty("key").GetString(),
                Headers: m.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()),
                Value: m.GetProperty("value").GetString()))
            .Where(m => m.Headers.TryGetValue("ce_id", out var id) && ids.Contains(id!))
            .DistinctBy(m => m.Headers["ce_id"])
            .ToList();
        Assert.Equal(ids.Order(), kafkajs.Select(m => m.Headers["ce_id"]!).Order());
        foreach (var m in kafkajs)
        {
            var same = dotnet[m.Headers["ce_id"]!];
            Assert.Equal(same.Key, m.Key);
            Assert.Equal(same.Partition, m.Partition);
            Assert.Equal(same.Headers.ToDictionary(h => h.Key, h => (string?)h.Value), m.Headers);
            Assert.Equal(same.Value, m.Value);
        }
        foreach (var subject in outbox.Select(e => e.Subject).Distinct())
            Assert.Equal(
                Enumerable.Range(1, outbox.Count(e => e.Subject == subject)).Select(i => (long)i),
                kafkajs.Where(m => m.Key == subject).Select(m => long.Parse(m.Headers["ce_sequence"]!, CultureInfo.InvariantCulture)));
    }
}
