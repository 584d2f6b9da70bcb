using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>Counters of the relay, on the Meter "CustomerService.Outbox", and its spans, on the ActivitySource of the same name.</summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "CustomerService.Outbox";

    /// <summary>One span per publish to the transport (a customer's run of events, or one event when retried alone).</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _parked;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("customer_service.outbox.delivered", "{event}", "Events the transport confirmed.");
        _retried = meter.CreateCounter<long>("customer_service.outbox.retried", "{event}", "Failed deliveries scheduled for a retry.");
        _parked = meter.CreateCounter<long>("customer_service.outbox.parked", "{event}", "Events parked (dead-lettered) after too many failures.");
    }

    public void Delivered(int count) => _delivered.Add(count);
    public void Retried() => _retried.Add(1);
    public void Parked() => _parked.Add(1);
}
