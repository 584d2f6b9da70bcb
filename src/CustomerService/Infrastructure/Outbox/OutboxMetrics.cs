using System.Diagnostics;
using System.Diagnostics.Metrics;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// The relay's instruments, on the Meter "CustomerService.Outbox", and its spans, on the ActivitySource of the same
/// name: counters of delivered, retried and parked events, the commit-to-delivery latency of delivered events, and
/// the relay lag (age of the oldest event waiting for delivery, see <see cref="OldestWaiting"/>) as an observable gauge.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "CustomerService.Outbox";

    /// <summary>
    /// How long one reading of the lag is reused. The gauge is read at every export (every scrape, every OTLP
    /// interval): the database is asked at most once per interval per instance, and not at all without an exporter.
    /// </summary>
    public static readonly TimeSpan LagReadInterval = TimeSpan.FromSeconds(5);

    /// <summary>One span per publish to the transport (a customer's run of events, or one event when retried alone).</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<EventOptions> _options;
    private readonly TimeProvider _time;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _parked;
    private readonly Histogram<double> _latency;

    private readonly Lock _lagLock = new();
    private DateTimeOffset _lagReadAt = DateTimeOffset.MinValue;
    private LagReading _lag;

    /// <summary>The oldest undelivered event's time (null: none), or not known (the database could not be read).</summary>
    private readonly record struct LagReading(bool Known, DateTime? Oldest);

    public OutboxMetrics(IMeterFactory meters, IServiceScopeFactory scopes, IOptions<EventOptions> options, TimeProvider time)
    {
        (_scopes, _options, _time) = (scopes, options, time);
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("customer_service.outbox.delivered", "{event}", "Events the transport confirmed.");
        _retried = meter.CreateCounter<long>("customer_service.outbox.retried", "{event}", "Failed deliveries scheduled for a retry.");
        _parked = meter.CreateCounter<long>("customer_service.outbox.parked", "{event}", "Events parked (dead-lettered) after too many failures.");
        _latency = meter.CreateHistogram("customer_service.outbox.delivery.latency", "s",
            "From an event's commit (its time) to the relay recording the transport's confirmation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        meter.CreateObservableGauge("customer_service.outbox.lag", ObserveLag, "s",
            "Age of the oldest outbox event waiting for delivery, parked ones and those behind them left out (0 when none): the database's value, the same on every instance.");
    }

    /// <summary>Counts events the relay recorded as delivered at <paramref name="deliveredAt"/>, with their latency.</summary>
    public void Delivered(IReadOnlyCollection<OutboxEvent> events, DateTime deliveredAt)
    {
        if (events.Count == 0) return;
        _delivered.Add(events.Count);
        foreach (var e in events) _latency.Record(Math.Max(0, (deliveredAt - e.Time).TotalSeconds));
    }

    public void Retried() => _retried.Add(1);
    public void Parked() => _parked.Add(1);

    /// <summary>
    /// The relay lag now, in seconds; null when nothing is relayed (transport <c>none</c>: the events stay for the
    /// HTTP feed, so their age is no lag) or the database cannot be read (no measurement rather than a wrong one).
    /// Between readings the last oldest event keeps ageing with the clock, so a stuck relay shows a lag that grows.
    /// </summary>
    public double? Lag()
    {
        if (_options.Value.Transport == EventTransports.None) return null;
        lock (_lagLock)
        {
            var now = _time.GetUtcNow();
            if (now - _lagReadAt >= LagReadInterval || now < _lagReadAt)
            {
                _lag = ReadLag();
                _lagReadAt = now;
            }
            if (!_lag.Known) return null;
            return _lag.Oldest is { } oldest ? Math.Max(0, (now.UtcDateTime - oldest).TotalSeconds) : 0;
        }
    }

    private IEnumerable<Measurement<double>> ObserveLag() => Lag() is { } seconds ? [new Measurement<double>(seconds)] : [];

    /// <summary>
    /// The time of the oldest event the relay has yet to deliver: undelivered, not parked, and not held back behind a
    /// parked event of its customer (those wait for a re-queue; parked events are reported as such, not as lag).
    /// One query on the delivered_at index (undelivered rows are few) and the (subject, customer_sequence) index.
    /// </summary>
    public static IQueryable<DateTime?> OldestWaiting(CustomerDbContext db) => db.OutboxEvents.AsNoTracking()
        .Where(e => e.DeliveredAt == null && e.ParkedAt == null
                    && !db.OutboxEvents.Any(p => p.Subject == e.Subject && p.ParkedAt != null && p.DeliveredAt == null && p.CustomerSequence < e.CustomerSequence))
        .OrderBy(e => e.Sequence).Select(e => (DateTime?)e.Time);

    // Synchronous because gauges are read synchronously.
    private LagReading ReadLag()
    {
        try
        {
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(5));
            var oldest = OldestWaiting(db).FirstOrDefault();
            return new LagReading(true, oldest);
        }
        catch (Exception)
        {
            return new LagReading(false, null);
        }
    }
}
