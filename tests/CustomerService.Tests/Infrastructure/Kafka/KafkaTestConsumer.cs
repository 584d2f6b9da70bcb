using System.Text;
using Confluent.Kafka;

namespace CustomerService.Tests.Infrastructure.Kafka;

/// <summary>One received Kafka message, as a consumer sees it.</summary>
public sealed record KafkaReceived(int Partition, long Offset, string? Key, IReadOnlyList<KeyValuePair<string, string>> Headers, string Value)
{
    public string Header(string name) => Headers.Last(h => h.Key == name).Value;

    public string Id => Header("ce_id");
}

/// <summary>A .NET (Confluent.Kafka) consumer group member reading the service's topic from the beginning.</summary>
public static class KafkaTestConsumer
{
    /// <summary>
    /// Joins a new consumer group and reads until every id in <paramref name="wanted"/> has arrived (or the timeout),
    /// then a little longer, so duplicates that follow show up too. Returns everything read, other tests' events included.
    /// </summary>
    public static Task<List<KafkaReceived>> ReadAsync(string bootstrapServers, string topic, IReadOnlyCollection<Guid> wanted, TimeSpan timeout) => Task.Run(() =>
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"customer-service-test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
            LogConnectionClose = false,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var received = new List<KafkaReceived>();
        var missing = wanted.Select(id => id.ToString()).ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        DateTime? settleUntil = null;
        while (DateTime.UtcNow < (settleUntil ?? deadline))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { Message: { } message } result) continue;
            var headers = message.Headers.Select(h => new KeyValuePair<string, string>(h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
            var r = new KafkaReceived(result.Partition.Value, result.Offset.Value, message.Key, headers, Encoding.UTF8.GetString(message.Value));
            received.Add(r);
            if (headers.Any(h => h.Key == "ce_id")) missing.Remove(r.Id);
            if (missing.Count == 0) settleUntil ??= DateTime.UtcNow + TimeSpan.FromSeconds(1);
        }
        consumer.Close();
        return received;
    });
}
