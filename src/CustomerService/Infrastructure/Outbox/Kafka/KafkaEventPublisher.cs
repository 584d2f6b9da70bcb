using System.Runtime.ExceptionServices;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox.Kafka;

/// <summary>
/// Produces CloudEvents to one Kafka topic with Confluent.Kafka (librdkafka): an idempotent producer with
/// <c>acks=all</c>, so a publish returns only once every in-sync replica has the messages, and librdkafka's own
/// retries neither duplicate nor reorder them. The message key is the customer id (the event's subject), so one
/// customer's events land in one partition, in order. CloudEvents Kafka binding, structured mode: the value is the
/// JSON envelope, header <c>content-type: application/cloudevents+json</c>; the context attributes are repeated as
/// the <c>ce_*</c> headers of binary mode so routers can filter on headers alone.
/// </summary>
public sealed partial class KafkaEventPublisher : IEventPublisher, IDisposable
{
    public const string ContentTypeHeader = "content-type";
    public const string HeaderPrefix = "ce_";

    private readonly ProducerConfig _config;
    private readonly string _topic;
    private readonly TimeProvider _clock;
    private readonly ILogger<KafkaEventPublisher> _log;
    private readonly KafkaClientLog _clientLog;
    private readonly Lock _lock = new();
    private IProducer<string, byte[]> _producer;
    private volatile bool _fatal;
    private volatile KafkaConnectionState? _state;

    public KafkaEventPublisher(string bootstrapServers, IOptions<EventOptions> options, TimeProvider clock, ILogger<KafkaEventPublisher> log)
    {
        _config = ProducerConfig(bootstrapServers, options.Value.Kafka);
        _topic = options.Value.Kafka.Topic;
        _clock = clock;
        _log = log;
        _clientLog = new KafkaClientLog(log);
        try
        {
            // Built now so that a property librdkafka does not know fails the start, not the first publish.
            _producer = Build();
        }
        catch
        {
            _clientLog.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The transport's defaults, then <see cref="KafkaOptions.Producer"/> as given, then the two settings the
    /// delivery guarantee rests on. <c>message.timeout.ms</c> (default here 30 s) is how long a publish may wait
    /// for the brokers before the relay counts the transport as unavailable; <c>partitioner=murmur2_random</c> is
    /// the Java client's partitioner, so every client that keys by customer id picks the same partition.
    /// </summary>
    public static ProducerConfig ProducerConfig(string bootstrapServers, KafkaOptions options)
    {
        var config = new ProducerConfig
        {
            ClientId = "customer-service",
            MessageTimeoutMs = 30_000,
            Partitioner = Partitioner.Murmur2Random,
            // librdkafka's statistics carry the brokers' connection states, which the health check reports.
            StatisticsIntervalMs = 10_000,
        };
        foreach (var (key, value) in options.Producer) config.Set(key, value);
        config.BootstrapServers = bootstrapServers;
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    /// <summary>The brokers' connection states from librdkafka's latest statistics; null before the first.</summary>
    public KafkaConnectionState? State => _state;

    /// <summary>How often librdkafka sends statistics (<c>statistics.interval.ms</c>); zero when turned off.</summary>
    public TimeSpan StatisticsInterval => TimeSpan.FromMilliseconds(_config.StatisticsIntervalMs ?? 0);

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var producer = Producer();
        var deliveries = new List<Task<DeliveryResult<string, byte[]>>>(events.Count);
        // Enqueued in order; the idempotent producer keeps that order in the partition, retries included.
        foreach (var e in events) deliveries.Add(producer.ProduceAsync(_topic, Message(e), ct));
        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            var failures = deliveries.Where(d => d.IsFaulted).Select(d => d.Exception!.GetBaseException()).ToList();
            var unavailable = failures.FirstOrDefault(f => !CountsAgainstTheEvent(f));
            if (unavailable is not null)
                throw new EventTransportUnavailableException($"Kafka produce did not complete: {Describe(unavailable)}", unavailable);
            ExceptionDispatchInfo.Throw(failures[0]);
        }
        // acks=all: a delivery report without an error means the brokers persisted the message.
        if (deliveries.FirstOrDefault(d => d.Result.Status != PersistenceStatus.Persisted) is { } unsure)
            throw new EventTransportUnavailableException($"Kafka did not confirm a message (status {unsure.Result.Status}).");
    }

    /// <summary>The Kafka message of one event: key, structured-mode value and headers.</summary>
    public static Message<string, byte[]> Message(CloudEvent e)
    {
        var headers = new Headers { { ContentTypeHeader, Encoding.UTF8.GetBytes(CloudEvent.MediaType) } };
        // In binary mode datacontenttype travels as content-type, which here names the structured format instead.
        foreach (var (name, value) in e.Attributes().Where(a => a.Key != "datacontenttype"))
            headers.Add(HeaderPrefix + name, Encoding.UTF8.GetBytes(value));
        return new Message<string, byte[]> { Key = e.Subject, Value = e.ToJsonBytes(), Headers = headers };
    }

    // Only a message the brokers refuse for what it is counts against the event (and can park it). Everything else
    // (brokers away, timeouts, leadership moving, a missing topic, authorization) is the transport's state: the
    // relay keeps the events and tries again later without charging them.
    private static bool CountsAgainstTheEvent(Exception ex) => ex is ProduceException<string, byte[]> { Error: { IsFatal: false } error } && error.Code is
        ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsg or ErrorCode.InvalidMsgSize
        or ErrorCode.InvalidRecord or ErrorCode.Local_BadMsg;

    private static string Describe(Exception ex) => ex is KafkaException k ? $"{k.Error.Code} ({k.Error.Reason})" : ex.GetType().Name;

    private IProducer<string, byte[]> Producer()
    {
        if (!_fatal) return _producer;
        lock (_lock)
        {
            if (!_fatal) return _producer;
            // An idempotent producer that hit a fatal error (e.g. its sequence numbers and the broker's disagree)
            // cannot produce again: start a new one. Whatever the old one had not confirmed stays in the outbox.
            var old = _producer;
            _producer = Build();
            _fatal = false;
            old.Dispose();
            LogRecreated(_log);
            return _producer;
        }
    }

    private IProducer<string, byte[]> Build() => new ProducerBuilder<string, byte[]>(_config)
        .SetErrorHandler((_, error) =>
        {
            // On the poll thread, which also serves delivery reports and statistics: flag, queue the log entry, return.
            if (error.IsFatal)
            {
                _fatal = true;
                _clientLog.Enqueue(log => LogFatal(log, error.Code, error.Reason));
            }
            else
            {
                _clientLog.Enqueue(log => LogError(log, error.Code, error.Reason));
            }
        })
        .SetStatisticsHandler((_, json) => _state = KafkaConnectionState.FromStatistics(json, _clock.GetUtcNow()))
        // librdkafka's own log (broker connections, retries): addresses and reasons, never message contents. Called
        // on librdkafka's broker threads, so it only queues (KafkaClientLog says why).
        .SetLogHandler((_, message) => _clientLog.Enqueue(log => LogLibrdkafka(log, message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        }, message.Facility, message.Message)))
        .Build();

    public void Dispose()
    {
        // Unconfirmed messages are dropped with the client: their rows are not marked, so they are published again.
        _producer.Dispose();
        _clientLog.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: {Code} ({Reason}); librdkafka retries by itself")]
    private static partial void LogError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kafka producer fatal error {Code} ({Reason}); it is replaced before the next publish")]
    private static partial void LogFatal(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka producer replaced after a fatal error")]
    private static partial void LogRecreated(ILogger logger);

    [LoggerMessage(Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, LogLevel level, string facility, string message);
}
