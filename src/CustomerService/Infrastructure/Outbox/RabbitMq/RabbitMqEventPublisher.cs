using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CustomerService.Infrastructure.Outbox.RabbitMq;

/// <summary>
/// Publishes CloudEvents to a durable topic exchange (routing key = event type), persistent, with publisher
/// confirms: each publish returns only once the broker has taken responsibility for the message. Structured mode:
/// the body is the CloudEvents JSON; the attributes are repeated as AMQP properties and <c>cloudEvents_*</c>
/// headers (CloudEvents AMQP binding) so consumers can route and filter without parsing the body.
/// The connection recovers by itself after a broker restart; a channel that closed is replaced on the next publish.
/// </summary>
public sealed partial class RabbitMqEventPublisher(string connectionString, IOptions<EventOptions> options, TimeProvider time, ILogger<RabbitMqEventPublisher> log)
    : IEventPublisher, IAsyncDisposable
{
    public const string AmqpHeaderPrefix = "cloudEvents_";

    private static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;
    private long? _connectionDownSince;
    // Read by the readiness check on other threads: one reference, replaced whole.
    private volatile RabbitMqConnectionState? _unreachable;

    private RabbitMqOptions Options => options.Value.RabbitMq;

    /// <summary>The connection as the readiness check reports it (<see cref="RabbitMqHealthCheck"/>).</summary>
    public RabbitMqConnectionState State => _connection switch
    {
        { IsOpen: true } => RabbitMqConnectionState.Connected,
        // A publish found the broker unreachable; or the connection was lost and automatic recovery is under way.
        var connection => _unreachable ?? (connection is null ? RabbitMqConnectionState.NotYetNeeded : new(RabbitMqConnectionStatus.Down)),
    };

    private void MarkUnreachable() => _unreachable ??= new(RabbitMqConnectionStatus.Down, time.GetUtcNow());

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            IChannel channel;
            try
            {
                channel = await OpenChannelAsync(ct);
            }
            catch (EventTransportUnavailableException)
            {
                MarkUnreachable();
                throw;
            }
            foreach (var e in events)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(Options.ConfirmTimeoutSeconds));
                try
                {
                    // With confirmation tracking on, this completes when the broker acks and throws when it nacks.
                    await channel.BasicPublishAsync(Options.Exchange, e.Type, mandatory: false, Properties(e), e.ToJsonBytes(), timeout.Token);
                }
                catch (Exception ex) when (IsTransportFailure(ex) || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    await CloseChannelAsync();
                    MarkUnreachable();
                    throw new EventTransportUnavailableException($"RabbitMQ publish did not complete: {ex.GetType().Name}", ex);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static BasicProperties Properties(CloudEvent e) => new()
    {
        MessageId = e.Id.ToString(),
        Type = e.Type,
        ContentType = CloudEvent.MediaType,
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(new DateTimeOffset(DateTime.SpecifyKind(e.Time, DateTimeKind.Utc)).ToUnixTimeSeconds()),
        // The CloudEvents AMQP binding's application properties: every context attribute as the SDK formats it.
        Headers = e.Attributes().ToDictionary(a => AmqpHeaderPrefix + a.Key, a => (object?)a.Value),
    };

    private async Task<IChannel> OpenChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true }) return _channel;
        await CloseChannelAsync();
        try
        {
            var connection = await ConnectAsync(ct);
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            await channel.ExchangeDeclareAsync(Options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
            _channel = channel;
            _unreachable = null;
            return channel;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw new EventTransportUnavailableException($"RabbitMQ is not reachable: {ex.GetType().Name}", ex);
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true })
        {
            _connectionDownSince = null;
            return _connection;
        }
        if (_connection is not null)
        {
            // Automatic recovery is under way; give it time before starting over with a new connection.
            _connectionDownSince ??= time.GetTimestamp();
            if (time.GetElapsedTime(_connectionDownSince.Value) < ReconnectAfter)
                throw new EventTransportUnavailableException("The RabbitMQ connection is recovering.");
            await DisposeQuietlyAsync(_connection);
            _connection = null;
        }

        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
            ClientProvidedName = "customer-service outbox relay",
        };
        _connection = await factory.CreateConnectionAsync(ct);
        _connectionDownSince = null;
        LogConnected(log, factory.HostName, factory.Port);
        return _connection;
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is null) return;
        await DisposeQuietlyAsync(_channel);
        _channel = null;
    }

    private static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try { await disposable.DisposeAsync(); }
        catch (Exception ex) when (IsTransportFailure(ex) || ex is InvalidOperationException) { }
    }

    // A nack (PublishException) is the broker refusing this message: it counts against the event, not the transport.
    private static bool IsTransportFailure(Exception ex) => ex is not PublishException && ex is
        BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException or ConnectFailureException
        or System.IO.IOException or System.Net.Sockets.SocketException or ObjectDisposedException or RabbitMQClientException
        or TimeoutException;

    public async ValueTask DisposeAsync()
    {
        await CloseChannelAsync();
        if (_connection is not null) await DisposeQuietlyAsync(_connection);
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ at {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string host, int port);
}
