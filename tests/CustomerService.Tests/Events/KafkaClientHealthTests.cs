using System.Text.Json.Nodes;
using CustomerService.Infrastructure.Outbox.Kafka;
using CustomerService.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CustomerService.Tests.Events;

/// <summary>
/// What the Kafka readiness check makes of librdkafka's statistics, and the hand-off that keeps librdkafka's threads
/// from waiting on the app's logging: no broker needed.
/// </summary>
public sealed class KafkaClientHealthTests
{
    private static readonly DateTimeOffset Now = TestClock.Default;

    // The shape of librdkafka's statistics (STATISTICS.md), trimmed to what the check reads: a bootstrap entry, three
    // learned brokers and the internal one.
    private static string Statistics(params string[] learnedStates)
    {
        static JsonObject Broker(string name, int nodeId, string source, string state) =>
            new() { ["name"] = name, ["nodeid"] = nodeId, ["source"] = source, ["state"] = state };
        var brokers = new JsonObject { ["127.0.0.1:9092/bootstrap"] = Broker("127.0.0.1:9092/bootstrap", -1, "configured", "INIT") };
        for (var i = 0; i < learnedStates.Length; i++)
            brokers[$"127.0.0.1:{9093 + i}/{i + 1}"] = Broker($"127.0.0.1:{9093 + i}/{i + 1}", i + 1, "learned", learnedStates[i]);
        brokers[":0/internal"] = Broker(":0/internal", -1, "internal", "UP");
        return new JsonObject { ["name"] = "customer-service#producer-1", ["type"] = "producer", ["brokers"] = brokers }.ToJsonString();
    }

    [Fact]
    public void StatisticsCountTheLearnedBrokersThatAreUpAndLeaveOutBootstrapAndInternalEntries()
    {
        var state = KafkaConnectionState.FromStatistics(Statistics("UP", "TRY_CONNECT", "UP"), Now);

        Assert.Equal(new KafkaConnectionState(2, 3, Now), state);
        Assert.Equal((HealthStatus.Healthy, "Kafka: 2 of 3 brokers connected."), Result(state, TimeSpan.FromSeconds(10), Now.AddSeconds(10)));
    }

    [Fact]
    public void NoBrokerUpIsDegradedNotUnhealthy()
    {
        var state = KafkaConnectionState.FromStatistics(Statistics("DOWN", "CONNECT", "TRY_CONNECT"), Now);

        Assert.Equal((HealthStatus.Degraded, "Kafka: no broker connected (3 known); events wait in the outbox."), Result(state, TimeSpan.FromSeconds(10), Now));
    }

    [Fact]
    public void StatisticsThatStoppedArrivingDoNotPassForConnected()
    {
        var state = KafkaConnectionState.FromStatistics(Statistics("UP", "UP", "UP"), Now);

        // Three intervals late is still believed; later than that the client's threads are stalled and "UP" is old news.
        Assert.Equal(HealthStatus.Healthy, Result(state, TimeSpan.FromSeconds(10), Now.AddSeconds(30)).Status);
        var stale = Result(state, TimeSpan.FromSeconds(10), Now.AddSeconds(31));
        Assert.Equal((HealthStatus.Degraded, "Kafka: no client statistics for 31 s (expected every 10 s); the connection state is unknown."), stale);
        // A short interval is not held to less than the floor: a busy machine may deliver statistics a little late.
        Assert.Equal(HealthStatus.Healthy, Result(state, TimeSpan.FromMilliseconds(200), Now.AddSeconds(4)).Status);
        Assert.Equal(HealthStatus.Degraded, Result(state, TimeSpan.FromMilliseconds(200), Now.AddSeconds(6)).Status);
    }

    [Fact]
    public void WithoutStatisticsTheCheckSaysWhy()
    {
        Assert.Equal((HealthStatus.Degraded, "Kafka: connecting (no client statistics yet)."), Result(null, TimeSpan.FromSeconds(10), Now));
        Assert.Equal((HealthStatus.Degraded, "Kafka: statistics.interval.ms is 0, so the brokers' connection state is unknown."), Result(null, TimeSpan.Zero, Now));
    }

    private static (HealthStatus Status, string? Description) Result(KafkaConnectionState? state, TimeSpan interval, DateTimeOffset now)
    {
        var result = KafkaHealthCheck.Assess(state, interval, now);
        return (result.Status, result.Description);
    }

    [Fact]
    public async Task LibrdkafkasThreadsNeverWaitOnALogThatCannotKeepUpAndWhatWasDroppedIsCounted()
    {
        using var release = new ManualResetEventSlim();
        var logger = new BlockingLogger(release);
        using var clientLog = new KafkaClientLog(logger);

        void Line(int n) => clientLog.Enqueue(log => log.LogWarning("line {N}", n));

        // The first entry blocks the writer inside the logger (as a full console queue would); the queue then fills.
        Line(0);
        Assert.True(logger.Entered.Wait(TimeSpan.FromSeconds(10)));
        var enqueueing = Task.Run(() =>
        {
            for (var i = 1; i <= KafkaClientLog.Capacity + 100; i++) Line(i);
        });
        Assert.Same(enqueueing, await Task.WhenAny(enqueueing, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))); // never waits on the logger
        Assert.Equal(100, clientLog.Dropped); // Capacity queued behind the blocked writer, the newest 100 dropped

        release.Set();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (logger.Lines.Count < KafkaClientLog.Capacity + 2 && DateTime.UtcNow < deadline) await Task.Delay(20);

        var lines = logger.Lines.ToList();
        Assert.Equal("line 0", lines[0]);
        Assert.Equal("100 Kafka client log entries were dropped: the log could not keep up", lines[1]);
        Assert.Equal(Enumerable.Range(1, KafkaClientLog.Capacity).Select(i => $"line {i}"), lines.Skip(2));
    }

    /// <summary>A logger whose first write blocks until released, then records every line.</summary>
    private sealed class BlockingLogger(ManualResetEventSlim release) : ILogger
    {
        public ManualResetEventSlim Entered { get; } = new();
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Entered.Set();
            release.Wait();
            Lines.Enqueue(formatter(state, exception));
        }
    }
}
