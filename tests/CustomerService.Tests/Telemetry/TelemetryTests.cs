using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Infrastructure.Telemetry;
using CustomerService.Tests.Events;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerService.Tests.Telemetry;

/// <summary>Traces and metrics as an operator's collector receives them, and nothing in them that identifies a person.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryApp app) : ProviderTests(app)
{
    private readonly TelemetryApp _app = app;

    private const string Email = "telemetry.person@example.com";

    /// <summary>What the requests below carry that identifies the person: none of it may reach telemetry.</summary>
    private static readonly string[] PersonalData = [Email, "telemetry.person", "Smith", "Main Street", "Main%20Street", "123-4567", "5551234567", "Anytown"];

    /// <summary>An enrollment (name, email, phone, address in its body), a meter look-up with the address in its query, then a relay round.</summary>
    private async Task<int> EnrollLookUpAndRelayAsync()
    {
        using (var lookup = await Client.GetAsync("/api/enrollment/meters?street=123%20Main%20Street&city=Anytown&state=TX&zip=75001"))
            Assert.True(lookup.IsSuccessStatusCode, $"meter look-up answered {(int)lookup.StatusCode}");
        using (var enrolled = await Client.EnrollAsync(Requests.Individual(Email)))
            Assert.True(enrolled.IsSuccessStatusCode, $"enrollment answered {(int)enrolled.StatusCode}");
        using var relay = new OutboxRelay(
            App.Services.GetRequiredService<IServiceScopeFactory>(), new RecordingPublisher(),
            Options.Create(new EventOptions { Transport = EventTransports.Kafka }), App.Clock,
            App.Services.GetRequiredService<OutboxMetrics>(), new OutboxSignal(), NullLogger<OutboxRelay>.Instance);
        var round = await relay.DeliverOnceAsync(default);
        Assert.True(round.Delivered >= 8);
        return round.Delivered;
    }

    private static IEnumerable<string> TagValues(Activity span) =>
        span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName).Append(span.StatusDescription ?? "");

    [Fact]
    public async Task ARequestTraceTheRelaysPublishSpansAndTheOutboxCountersAreProducedWithoutPersonalData()
    {
        var (spansBefore, metricsBefore) = (_app.Spans.Count, _app.Metrics.Count);
        var delivered = await EnrollLookUpAndRelayAsync();
        _app.Flush();

        var spans = _app.Spans.Snapshot().Skip(spansBefore).ToList();
        var enrollment = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/api/enrollment/"
            && s.GetTagItem("http.request.method") is "POST" && s.GetTagItem("http.response.status_code") is 201);
        Assert.Equal(ActivityKind.Server, enrollment.Kind);
        var lookup = Assert.Single(spans, s => s.GetTagItem("http.route") is "/api/enrollment/meters");
        Assert.DoesNotContain("Main", lookup.GetTagItem("url.query")?.ToString() ?? "", StringComparison.Ordinal); // values redacted
        Assert.Null(enrollment.GetTagItem("client.address"));

        var publishes = spans.Where(s => s.Source.Name == OutboxMetrics.MeterName && s.DisplayName == "outbox publish").ToList();
        Assert.NotEmpty(publishes);
        Assert.All(publishes, p => Assert.Equal((ActivityKind.Producer, "kafka"), (p.Kind, p.GetTagItem("messaging.system"))));
        Assert.True(publishes.Sum(p => (int)p.GetTagItem("messaging.batch.message_count")!) >= delivered);

        var metrics = _app.Metrics.Snapshot().Skip(metricsBefore).ToList();
        var deliveredMetric = metrics.Last(m => m.Name == "customer_service.outbox.delivered");
        Assert.True(deliveredMetric.MetricPoints.Sum(p => p.GetSumLong()) >= delivered);
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        var everything = spans.SelectMany(TagValues)
            .Concat(metrics.SelectMany(m => m.MetricPoints.SelectMany(p => ToList(p.Tags)))).ToList();
        foreach (var personal in PersonalData)
            Assert.DoesNotContain(everything, v => v.Contains(personal, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> ToList(ReadOnlyTagCollection tags)
    {
        var list = new List<string>();
        foreach (var tag in tags) list.Add($"{tag.Key}={tag.Value}");
        return list;
    }

    [Fact]
    public async Task OneTraceRunsFromTheEnrollmentRequestToItsEventsDeliveryThroughTheTraceparentExtension()
    {
        var spansBefore = _app.Spans.Count;
        using (var enrolled = await Client.EnrollAsync(Requests.Individual(Email)))
            Assert.Equal(System.Net.HttpStatusCode.Created, enrolled.StatusCode);
        var rows = await App.OutboxAsync();
        var publisher = new RecordingPublisher();
        using (var relay = new OutboxRelay(
            App.Services.GetRequiredService<IServiceScopeFactory>(), publisher,
            Options.Create(new EventOptions { Transport = EventTransports.Kafka }), App.Clock,
            App.Services.GetRequiredService<OutboxMetrics>(), new OutboxSignal(), NullLogger<OutboxRelay>.Instance))
            Assert.Equal(rows.Count, (await relay.DeliverOnceAsync(default)).Delivered);
        _app.Flush();
        var spans = _app.Spans.Snapshot().Skip(spansBefore).ToList();

        // Every row the request recorded keeps the request span's W3C context (sampled).
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.route") is "/api/enrollment/");
        var traceParent = $"00-{request.TraceId}-{request.SpanId}-01";
        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal(traceParent, r.TraceParent));

        // The relay's publish continues that trace, as a child of the request span.
        var publish = Assert.Single(spans, s => s.DisplayName == "outbox publish");
        Assert.Equal((request.TraceId, request.SpanId), (publish.TraceId, publish.ParentSpanId));

        // Every transport and the feed carry it: the envelope's traceparent extension, Kafka's ce_traceparent and
        // AMQP's cloudEvents_traceparent headers.
        var published = publisher.Published.ToList();
        Assert.Equal(rows.Select(r => r.Id), published.Select(e => e.Id));
        foreach (var e in published)
        {
            var json = e.ToJsonElement();
            Assert.Equal(traceParent, json.GetProperty("traceparent").GetString());
            Assert.Equal(["sequence", "traceparent", "data"], json.EnumerateObject().Select(p => p.Name).TakeLast(3));
            var kafka = CustomerService.Infrastructure.Outbox.Kafka.KafkaEventPublisher.Message(e);
            Assert.Equal(traceParent, Encoding.UTF8.GetString(kafka.Headers.GetLastBytes("ce_traceparent")));
            Assert.Equal(traceParent, CustomerService.Infrastructure.Outbox.RabbitMq.RabbitMqEventPublisher.Properties(e).Headers!["cloudEvents_traceparent"]);
            var parsed = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter().DecodeStructuredModeMessage(
                e.ToJsonBytes(), new System.Net.Mime.ContentType(CloudEvent.MediaType), CloudEvent.ExtensionAttributes);
            Assert.Equal(traceParent, parsed[CloudEvent.TraceParentAttribute]);
        }
        await using var scope = App.Services.CreateAsyncScope();
        var feed = await scope.ServiceProvider.GetRequiredService<EventFeed>().ReadAsync(0, 100, null, default);
        Assert.All(feed.Events, e => Assert.Equal(traceParent, e.GetProperty("traceparent").GetString()));
    }

    [Fact]
    public async Task AnEventBatchFromSeveralTracesIsPublishedInATraceOfItsOwnLinkedToEach()
    {
        var spansBefore = _app.Spans.Count;
        var customer = await App.NewCustomerAsync("trace.links@example.com");
        string?[] traceParents = [$"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01", null, $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01"];
        foreach (var traceParent in traceParents)
        {
            // Each commit under a span of its own (or none), as several requests would record them.
            using var span = traceParent is null ? null : new Activity("test change").SetParentId(traceParent).Start();
            await App.AppendEventsAsync(customer, 1);
        }
        var rows = (await App.OutboxAsync()).Where(r => r.Subject == customer.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Null(rows[1].TraceParent);
        using (var relay = new OutboxRelay(
            App.Services.GetRequiredService<IServiceScopeFactory>(), new RecordingPublisher(),
            Options.Create(new EventOptions { Transport = EventTransports.Kafka }), App.Clock,
            App.Services.GetRequiredService<OutboxMetrics>(), new OutboxSignal(), NullLogger<OutboxRelay>.Instance))
            Assert.Equal(3, (await relay.DeliverOnceAsync(default)).Delivered);
        _app.Flush();

        var publish = Assert.Single(_app.Spans.Snapshot().Skip(spansBefore), s => s.DisplayName == "outbox publish");
        Assert.Equal(default, publish.ParentSpanId);
        var recorded = rows.Where(r => r.TraceParent is not null).Select(r => ActivityContext.Parse(r.TraceParent!, null)).ToList();
        Assert.Equal(recorded.Select(c => (c.TraceId, c.SpanId)), publish.Links.Select(l => (l.Context.TraceId, l.Context.SpanId)));
        Assert.DoesNotContain(recorded, c => c.TraceId == publish.TraceId);
    }

    /// <summary>The cumulative value of a counter (of one reason) in the latest in-memory export; 0 before its first.</summary>
    private long Counter(string name, string? reason = null)
    {
        var metric = _app.Metrics.Snapshot().LastOrDefault(m => m.Name == name);
        if (metric is null) return 0;
        return metric.MetricPoints.Where(p => reason is null || ToList(p.Tags).Contains($"{EnrollmentMetrics.ReasonAttribute}={reason}")).Sum(p => p.GetSumLong());
    }

    private Dictionary<string, long> EnrollmentCounters() => new[] { "submitted", "succeeded", "refused" }
        .Select(n => "customer_service.enrollment." + n).Select(n => (n, Counter(n)))
        .Concat(typeof(EnrollmentRefusals).GetFields().Select(f => (string)f.GetValue(null)!).Select(r => ("refused:" + r, Counter("customer_service.enrollment.refused", r))))
        .ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public async Task EnrollmentsAreCountedAsSubmittedSucceededAndRefusedByReasonInTheUseCase()
    {
        _app.Flush();
        var before = EnrollmentCounters();

        using (var enrolled = await Client.EnrollAsync(Requests.Individual(Email), "telemetry-key-1"))
            Assert.Equal(System.Net.HttpStatusCode.Created, enrolled.StatusCode);
        using (var replayed = await Client.EnrollAsync(Requests.Individual(Email), "telemetry-key-1"))
            Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        using (var reused = await Client.EnrollAsync(Requests.Individual("someone.else@example.com"), "telemetry-key-1"))
            Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        using (var meterTaken = await Client.EnrollAsync(Requests.Individual("someone.else@example.com")))
            Assert.Equal(System.Net.HttpStatusCode.Conflict, meterTaken.StatusCode);
        using (var emailInUse = await Client.EnrollAsync(Requests.Business(Email)))
            Assert.Equal(System.Net.HttpStatusCode.Conflict, emailInUse.StatusCode);
        var invalid = Requests.Individual("not-an-email");
        using (var invalidAnswer = await Client.EnrollAsync(invalid))
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalidAnswer.StatusCode);
        // The portal calls the same use case: called here without HTTP, it is counted all the same.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var json = scope.ServiceProvider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var request = invalid.Deserialize<EnrollmentRequest>(json)!;
            var outcome = await scope.ServiceProvider.GetRequiredService<SubmitEnrollment>().HandleAsync(request, null, null, default);
            Assert.IsType<EnrollmentOutcome.Invalid>(outcome);
        }

        _app.Flush();
        var after = EnrollmentCounters();
        var counted = after.ToDictionary(a => a.Key, a => a.Value - before[a.Key]);
        Assert.Equal(new Dictionary<string, long>
        {
            ["customer_service.enrollment.submitted"] = 7,
            ["customer_service.enrollment.succeeded"] = 1,
            ["customer_service.enrollment.refused"] = 6,
            ["refused:" + EnrollmentRefusals.Validation] = 2,
            ["refused:" + EnrollmentRefusals.CustomerClosed] = 0,
            ["refused:" + EnrollmentRefusals.MeterUnavailable] = 1,
            ["refused:" + EnrollmentRefusals.EmailInUse] = 1,
            ["refused:" + EnrollmentRefusals.IdempotencyKeyReused] = 1,
            ["refused:" + EnrollmentRefusals.IdempotencyReplay] = 1,
            ["refused:" + EnrollmentRefusals.SwitchHold] = 0,
            ["refused:" + EnrollmentRefusals.AlongsideRefused] = 0,
        }, counted);

        // The only attribute is the reason, from the fixed set: nothing that identifies the person.
        var refused = _app.Metrics.Snapshot().Last(m => m.Name == "customer_service.enrollment.refused");
        var tags = refused.MetricPoints.SelectMany(p => ToList(p.Tags)).Distinct().ToList();
        var reasons = typeof(EnrollmentRefusals).GetFields().Select(f => $"{EnrollmentMetrics.ReasonAttribute}={f.GetValue(null)}").ToList();
        Assert.All(tags, t => Assert.Contains(t, reasons));
    }

    [Fact]
    public async Task TheOtlpExporterAtTheStandardEndpointReceivesTracesAndTheOutboxMetricsWithoutPersonalData()
    {
        await EnrollLookUpAndRelayAsync();
        _app.Flush();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        bool Has(string path, string text) => _app.Receiver.Received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
        while (!(Has("/v1/traces", "outbox publish") && Has("/v1/traces", "/api/enrollment") && Has("/v1/metrics", "customer_service.outbox.delivered")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The OTLP receiver got {string.Join(", ", _app.Receiver.Received.Select(r => r.Path).Distinct())} only.");
            await Task.Delay(100);
        }
        Assert.All(_app.Receiver.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.True(Has("/v1/traces", TelemetryApp.ServiceName), "OTEL_SERVICE_NAME is the resource's service.name.");
        foreach (var (path, _, body) in _app.Receiver.Received)
        {
            var text = Encoding.UTF8.GetString(body);
            foreach (var personal in PersonalData) Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ThePrometheusEndpointServesTheOutboxCountersWhenEnabled()
    {
        await EnrollLookUpAndRelayAsync();

        var text = "";
        for (var i = 0; i < 50 && !text.Contains("customer_service_outbox_delivered", StringComparison.Ordinal); i++)
        {
            using var response = await Client.GetAsync("/metrics");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }
        Assert.Contains("customer_service_outbox_delivered", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("customer_service_enrollment_succeeded", text, StringComparison.Ordinal);
        foreach (var personal in PersonalData) Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Without an exporter configured nothing is registered, so telemetry costs nothing.</summary>
public sealed class TelemetryOffTests
{
    [Fact]
    public void WithoutAnOtlpEndpointOrPrometheusNoTelemetryProviderIsRegistered()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddTelemetry();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }
}
