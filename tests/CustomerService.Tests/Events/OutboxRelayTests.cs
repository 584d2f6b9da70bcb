using System.Diagnostics.Metrics;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerService.Tests.Events;

/// <summary>The relay against the real database, with a recording transport and the test clock.</summary>
public abstract class OutboxRelayTests(CustomerServiceApp app) : ProviderTests(app)
{
    protected OutboxRelay Relay(IEventPublisher publisher, EventOptions? options = null) => new(
        App.Services.GetRequiredService<IServiceScopeFactory>(),
        publisher,
        Options.Create(options ?? new EventOptions { Transport = EventTransports.RabbitMq, MaxAttempts = 3, RetryBaseSeconds = 1, RetryMaxSeconds = 60 }),
        App.Clock,
        App.Services.GetRequiredService<OutboxMetrics>(),
        new OutboxSignal(),
        NullLogger<OutboxRelay>.Instance);

    private async Task<(string Individual, string Business)> EnrollTwoAsync()
    {
        var individual = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var business = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        await App.FeedSettledAsync();
        return (individual["customerId"]!.ToString(), business["customerId"]!.ToString());
    }

    [Fact]
    public async Task TheRelayDeliversEachCustomersEventsInOrderAndMarksThemDelivered()
    {
        var (individual, business) = await EnrollTwoAsync();
        var publisher = new RecordingPublisher();
        using var relay = Relay(publisher);

        var round = await relay.DeliverOnceAsync(default);

        var outbox = await App.OutboxAsync();
        Assert.Equal(outbox.Count, round.Delivered);
        Assert.All(outbox, e => Assert.Equal(App.Clock.GetUtcNow().UtcDateTime, e.DeliveredAt));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), publisher.SequencesOf(individual));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), publisher.SequencesOf(business)); // three meters
        Assert.Equal(outbox.Select(e => e.Id).Order(), publisher.Published.Select(e => e.Id).Order());
        Assert.Equal(0, (await relay.DeliverOnceAsync(default)).Delivered);
    }

    [Fact]
    public async Task AFailingCustomerIsRetriedThenParkedWhileOthersAreDeliveredAndARequeueResumesItInOrder()
    {
        var (individual, business) = await EnrollTwoAsync();
        var publisher = new RecordingPublisher { Fail = e => e.Subject == individual ? new InvalidOperationException("consumer rejected it") : null };
        using var relay = Relay(publisher);

        var first = await relay.DeliverOnceAsync(default);
        Assert.Equal(10, first.Delivered);
        Assert.Equal(1, first.Failed);
        var head = (await App.OutboxAsync()).First(e => e.Subject == individual);
        Assert.Equal((1, App.Clock.GetUtcNow().UtcDateTime.AddSeconds(1)), (head.Attempts, head.NextAttemptAt!.Value));
        Assert.Equal("InvalidOperationException: consumer rejected it", head.LastError);

        // Not due yet: nothing happens; then two more due attempts park the head (MaxAttempts = 3).
        Assert.Equal(0, (await relay.DeliverOnceAsync(default)).Failed);
        App.Clock.Set(App.Clock.GetUtcNow().AddMinutes(5));
        await relay.DeliverOnceAsync(default);
        App.Clock.Set(App.Clock.GetUtcNow().AddMinutes(5));
        await relay.DeliverOnceAsync(default);

        var rows = (await App.OutboxAsync()).Where(e => e.Subject == individual).OrderBy(e => e.CustomerSequence).ToList();
        Assert.Equal(3, rows[0].Attempts);
        Assert.NotNull(rows[0].ParkedAt);
        Assert.All(rows, r => Assert.Null(r.DeliveredAt));
        Assert.All(rows.Skip(1), r => Assert.Equal((0, (DateTime?)null), (r.Attempts, r.ParkedAt)));
        Assert.Empty(publisher.SequencesOf(individual));
        Assert.Equal(10, publisher.SequencesOf(business).Count);

        var health = await HealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal(1, health.Data["parked"]);

        // A parked head keeps holding back its customer's later events, even new ones.
        publisher.Fail = _ => null;
        await App.AppendEventsAsync(long.Parse(individual), 1);
        App.Clock.Set(App.Clock.GetUtcNow().AddHours(1));
        Assert.Equal(0, (await relay.DeliverOnceAsync(default)).Delivered);

        var admin = App.Services.CreateScope().ServiceProvider.GetRequiredService<OutboxAdministration>();
        Assert.Equal(RequeueResult.Requeued, await admin.RequeueAsync(rows[0].Id, default));
        Assert.Equal(RequeueResult.NotParked, await admin.RequeueAsync(rows[0].Id, default));
        Assert.Equal(RequeueResult.NotFound, await admin.RequeueAsync(Guid.NewGuid(), default));

        Assert.Equal(9, (await relay.DeliverOnceAsync(default)).Delivered);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), publisher.SequencesOf(individual));
        Assert.All(await App.OutboxAsync(), e => Assert.NotNull(e.DeliveredAt));
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync()).Status);
    }

    [Fact]
    public async Task AnUnavailableTransportCountsNoAttemptAgainstTheEvents()
    {
        await EnrollTwoAsync();
        var publisher = new RecordingPublisher { Fail = _ => new EventTransportUnavailableException("broker down") };
        using var relay = Relay(publisher);

        var round = await relay.DeliverOnceAsync(default);

        Assert.True(round.TransportUnavailable);
        Assert.All(await App.OutboxAsync(), e => Assert.Equal((0, (DateTime?)null, (DateTime?)null), (e.Attempts, e.NextAttemptAt, e.DeliveredAt)));
        publisher.Fail = _ => null;
        Assert.Equal(18, (await relay.DeliverOnceAsync(default)).Delivered);
    }

    /// <summary>The outbox instruments of a meter factory of their own, read with a MeterListener: isolated from every other app's.</summary>
    private sealed class IsolatedOutboxMetrics : IDisposable
    {
        private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly MeterListener _listener = new();

        public IsolatedOutboxMetrics(CustomerServiceApp app, string transport)
        {
            var factory = _meters.GetRequiredService<IMeterFactory>();
            Metrics = new OutboxMetrics(factory, app.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new EventOptions { Transport = transport }), app.Clock);
            _listener.InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Scope == factory) listener.EnableMeasurementEvents(instrument); };
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (Measured) Measured.Add((instrument.Name, value)); });
            _listener.Start();
        }

        public OutboxMetrics Metrics { get; }

        public List<(string Name, double Value)> Measured { get; } = [];

        /// <summary>What the lag gauge reports when an exporter reads it now (empty: no measurement).</summary>
        public List<double> ReadLag()
        {
            lock (Measured) Measured.Clear();
            _listener.RecordObservableInstruments();
            lock (Measured) return Measured.Where(m => m.Name == "customer_service.outbox.lag").Select(m => m.Value).ToList();
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meters.Dispose();
        }
    }

    [Fact]
    public async Task TheLagGaugeIsTheAgeOfTheOldestUndeliveredEventReadAtMostEveryFiveSecondsAndDeliveriesRecordTheirLatency()
    {
        using var outbox = new IsolatedOutboxMetrics(App, EventTransports.RabbitMq);
        var start = App.Clock.GetUtcNow();
        Assert.Equal([0d], outbox.ReadLag()); // nothing undelivered

        var (individual, _) = await EnrollTwoAsync(); // events timed at start
        App.Clock.Set(start.AddSeconds(2));
        Assert.Equal([0d], outbox.ReadLag()); // the reading of 2 s ago is reused: the database was not asked again
        App.Clock.Set(start.AddSeconds(30));
        Assert.Equal([30d], outbox.ReadLag());
        App.Clock.Set(start.AddSeconds(32));
        Assert.Equal([32d], outbox.ReadLag()); // between readings the oldest event keeps ageing

        // The individual's first event fails and is parked (MaxAttempts = 1): it and the events behind it wait for a
        // re-queue, reported as parked, not as lag.
        var publisher = new RecordingPublisher { Fail = e => e.Subject == individual ? new InvalidOperationException("no") : null };
        using var relay = new OutboxRelay(App.Services.GetRequiredService<IServiceScopeFactory>(), publisher,
            Options.Create(new EventOptions { Transport = EventTransports.RabbitMq, MaxAttempts = 1 }), App.Clock, outbox.Metrics, new OutboxSignal(), NullLogger<OutboxRelay>.Instance);
        var round = await relay.DeliverOnceAsync(default);
        Assert.Equal(10, round.Delivered);
        var latencies = outbox.Measured.Where(m => m.Name == "customer_service.outbox.delivery.latency").Select(m => m.Value).ToList();
        Assert.Equal(Enumerable.Repeat(32d, 10), latencies);

        App.Clock.Set(start.AddSeconds(40));
        Assert.Equal([0d], outbox.ReadLag());
    }

    [Fact]
    public async Task WithTransportNoneTheLagGaugeReportsNothing()
    {
        using var outbox = new IsolatedOutboxMetrics(App, EventTransports.None);
        await EnrollTwoAsync();
        App.Clock.Set(App.Clock.GetUtcNow().AddHours(1));
        Assert.Empty(outbox.ReadLag());
    }

    [Fact]
    public async Task DeliveredEventsArePrunedAfterTheRetentionPeriodAndUndeliveredOnesNever()
    {
        var (individual, _) = await EnrollTwoAsync();
        var publisher = new RecordingPublisher { Fail = e => e.Subject == individual ? new InvalidOperationException("no") : null };
        using var relay = Relay(publisher, new EventOptions { Transport = EventTransports.RabbitMq, RetentionHours = 168, MaxAttempts = 1 });
        await relay.DeliverOnceAsync(default);

        App.Clock.Set(App.Clock.GetUtcNow().AddHours(167));
        Assert.Equal(0, await relay.PruneAsync(default));
        App.Clock.Set(App.Clock.GetUtcNow().AddHours(2));
        Assert.Equal(10, await relay.PruneAsync(default));

        var left = await App.OutboxAsync();
        Assert.Equal(8, left.Count);
        Assert.All(left, e => Assert.Equal(individual, e.Subject));
    }

    [Fact]
    public async Task TheEnvelopeIsStructuredCloudEventsJsonWithTheCustomerSequenceAndTheDataObject()
    {
        var (individual, _) = await EnrollTwoAsync();
        var row = (await App.OutboxAsync()).First(e => e.Subject == individual && e.Type == "customer.ContractCreated");

        var json = CloudEvent.From(row).ToJsonElement();

        // Telemetry is off in this app: no trace context is kept, so no traceparent (the optional attribute that
        // follows sequence when the change was traced; TelemetryTests and KafkaTransportTests show it).
        Assert.Null(row.TraceParent);
        Assert.Equal(
            ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "sequence", "data"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.0", json.GetProperty("specversion").GetString());
        Assert.Equal(row.Id, json.GetProperty("id").GetGuid());
        Assert.Equal("urn:ossrep:customer-service", json.GetProperty("source").GetString());
        Assert.Equal("customer.ContractCreated", json.GetProperty("type").GetString());
        Assert.Equal(individual, json.GetProperty("subject").GetString());
        Assert.Equal("2026-11-21T18:00:00Z", json.GetProperty("time").GetString());
        Assert.Equal("application/json", json.GetProperty("datacontenttype").GetString());
        // The sequence extension's String, zero-padded so that string order is the customer's event order.
        Assert.Equal(row.CustomerSequence.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), json.GetProperty("sequence").GetString());
        Assert.Equal(row.CustomerSequence, long.Parse(json.GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Object, json.GetProperty("data").ValueKind);
        Assert.Equal(JsonDocument.Parse(row.Data).RootElement.GetRawText(), json.GetProperty("data").GetRawText());
        Assert.StartsWith("CTR-2026-", json.GetProperty("data").GetProperty("contractNumber").GetString());
        Assert.Equal(json.GetRawText(), System.Text.Encoding.UTF8.GetString(CloudEvent.From(row).ToJsonBytes()));

        // A consumer using the CloudEvents SDK with the sequence extension reads it back as the same event.
        var parsed = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter().DecodeStructuredModeMessage(
            CloudEvent.From(row).ToJsonBytes(), new System.Net.Mime.ContentType(CloudEvent.MediaType), CloudNative.CloudEvents.Extensions.Sequence.AllAttributes);
        Assert.Equal(row.Id.ToString(), parsed.Id);
        Assert.Equal(individual, parsed.Subject);
        Assert.Equal(new DateTimeOffset(row.Time), parsed.Time);
        Assert.Equal(json.GetProperty("sequence").GetString(), CloudNative.CloudEvents.Extensions.Sequence.GetSequenceString(parsed));
    }


    [Fact]
    public async Task TheEventFeedPagesThroughCloudEventsInCommitOrderAndFiltersByType()
    {
        await EnrollTwoAsync();
        var outbox = await App.OutboxAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var feed = scope.ServiceProvider.GetRequiredService<EventFeed>();

        var first = await feed.ReadAsync(0, 5, null, default);
        var second = await feed.ReadAsync(first.Next, 100, null, default);
        var end = await feed.ReadAsync(second.Next, 100, null, default);

        Assert.Equal(outbox.Select(e => e.Id), first.Events.Concat(second.Events).Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal(outbox[4].Sequence, first.Next);
        Assert.Empty(end.Events);
        Assert.Equal(second.Next, end.Next);

        var contracts = await feed.ReadAsync(0, 100, "ContractCreated", default);
        Assert.Equal(2, contracts.Events.Count);
        Assert.All(contracts.Events, e => Assert.Equal("customer.ContractCreated", e.GetProperty("type").GetString()));
        Assert.Equal(2, (await feed.ReadAsync(0, 100, "customer.ContractCreated", default)).Events.Count);
    }

    [Fact]
    public async Task TheFeedHandlerRejectsABadCursorOrLimitAndPagesOtherwise()
    {
        await EnrollTwoAsync();
        await using var scope = App.Services.CreateAsyncScope();
        var feed = scope.ServiceProvider.GetRequiredService<EventFeed>();

        var invalid = await EventEndpoints.ReadEvents(feed, after: -1, limit: 5000, type: null, default);
        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>(invalid.Result);
        Assert.Equal(["after", "limit"], problem.ProblemDetails.Errors.Keys.Order());

        var page = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Ok<EventPage>>(
            (await EventEndpoints.ReadEvents(feed, after: null, limit: null, type: null, default)).Result);
        Assert.Equal(18, page.Value!.Events.Count);
    }

    private async Task<HealthCheckResult> HealthAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var check = new OutboxHealthCheck(
            scope.ServiceProvider.GetRequiredService<CustomerDbContext>(),
            Options.Create(new EventOptions { Transport = EventTransports.RabbitMq }),
            App.Clock);
        return await check.CheckHealthAsync(new HealthCheckContext());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OutboxRelayOnSqlite(SqliteApp app) : OutboxRelayTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OutboxRelayOnPostgres(PostgresApp app) : OutboxRelayTests(app)
{
    [Fact]
    public async Task TwoRelaysOnOneDatabaseDeliverEveryRowOnceAndKeepEachCustomersOrderUnderConcurrentWriters()
    {
        var customers = new List<long>();
        for (var i = 0; i < 12; i++) customers.Add(await App.NewCustomerAsync($"relay{i}@example.com"));
        var publisher = new RecordingPublisher { Delay = TimeSpan.FromMilliseconds(1) };
        var options = new EventOptions { Transport = EventTransports.RabbitMq, BatchSize = 5 };
        using var relayA = Relay(publisher, options);
        using var relayB = Relay(publisher, options);

        using var writing = new CancellationTokenSource();
        // Eight writers, several on the same customer at once, while both relays run.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var t = 0; t < 25; t++)
                await App.AppendEventsAsync(customers[random.Next(customers.Count)], random.Next(1, 4));
        })).ToList();
        var writersDone = Task.WhenAll(writers);
        async Task RunRelay(OutboxRelay relay)
        {
            while (true)
            {
                var round = await relay.DeliverOnceAsync(default);
                if (writersDone.IsCompleted && round.Delivered == 0 && !round.MoreWaiting
                    && await App.WithDbAsync(db => db.OutboxEvents.AnyAsync(e => e.DeliveredAt == null)) is false) return;
            }
        }
        await Task.WhenAll(RunRelay(relayA), RunRelay(relayB), writersDone).WaitAsync(TimeSpan.FromMinutes(2));

        var outbox = await App.OutboxAsync();
        Assert.Empty(publisher.Violations);
        Assert.Equal(outbox.Count, publisher.Published.Count);
        Assert.Equal(outbox.Select(e => e.Id).Order(), publisher.Published.Select(e => e.Id).Order()); // each exactly once
        foreach (var subject in outbox.Select(e => e.Subject).Distinct())
        {
            var count = outbox.Count(e => e.Subject == subject);
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), publisher.SequencesOf(subject));
        }
        // Outbox sequences follow commit order per customer too.
        foreach (var group in outbox.GroupBy(e => e.Subject))
            Assert.Equal(group.OrderBy(e => e.Sequence).Select(e => e.CustomerSequence), group.OrderBy(e => e.CustomerSequence).Select(e => e.CustomerSequence));
    }
}
