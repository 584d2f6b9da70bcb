using System.Threading.Channels;

namespace CustomerService.Infrastructure.Outbox.Kafka;

/// <summary>
/// Hands what librdkafka reports (its log lines, from its own broker threads; errors, from the poll thread) to the
/// app's logging without ever blocking the thread that reports it. Confluent.Kafka's handlers must not do anything
/// prolonged, and writing a log entry can block: the console logger waits when its queue is full (a slow stdout or
/// log collector). A broker thread blocked there does not notice its connection closing, so the statistics and the
/// readiness check would keep saying "connected" while Kafka is gone; a blocked poll thread holds back delivery
/// reports. Entries go through a bounded queue instead; when it is full the newest are dropped and counted, and the
/// count is logged with the next entry that gets through.
/// </summary>
public sealed partial class KafkaClientLog : IDisposable
{
    public const int Capacity = 1024;

    private readonly ILogger _log;
    private readonly Channel<Action<ILogger>> _entries;
    private readonly Task _writer;
    private long _dropped;

    public KafkaClientLog(ILogger log)
    {
        _log = log;
        _entries = Channel.CreateBounded<Action<ILogger>>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Queues one entry; returns at once whatever the logging behind it is doing.</summary>
    public void Enqueue(Action<ILogger> write) => _entries.Writer.TryWrite(write);

    /// <summary>How many entries were dropped because the queue was full (since the start).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private async Task WriteAsync()
    {
        long reported = 0;
        await foreach (var write in _entries.Reader.ReadAllAsync())
        {
            var dropped = Dropped;
            if (dropped != reported)
            {
                LogDropped(_log, dropped - reported);
                reported = dropped;
            }
            try
            {
                write(_log);
            }
            catch (Exception ex)
            {
                LogWriteFailed(_log, ex);
            }
        }
    }

    /// <summary>Takes no more entries and lets those queued be written (up to a few seconds).</summary>
    public void Dispose()
    {
        _entries.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} Kafka client log entries were dropped: the log could not keep up")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Kafka client log entry could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex);
}
