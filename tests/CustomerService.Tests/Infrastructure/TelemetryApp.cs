using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// SQLite with every telemetry exporter on: OTLP (http/protobuf) to a receiver of our own through the standard
/// OTEL_* settings, the Prometheus scrape endpoint, and in-memory exporters the tests read.
/// </summary>
public sealed class TelemetryApp : CustomerServiceApp
{
    public const string ServiceName = "customer-service-telemetry-test";

    public LockedCollection<Activity> Spans { get; } = new();

    public LockedCollection<MetricSnapshot> Metrics { get; } = new();

    public OtlpReceiver Receiver { get; private set; } = null!;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    public override async ValueTask InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = ServiceName,
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(Metrics));
    }

    public void Flush()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null) await Receiver.DisposeAsync();
    }
}

/// <remarks>
/// Runs alone, after the parallel collections: the SDK's MeterProvider listens to meters by name across the process,
/// so it shares one metric stream among every test app's "Microsoft.AspNetCore.Hosting" (or "CustomerService.Outbox")
/// instrument, and drops that stream when any other app is disposed, which only happens with many hosts in one process.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryApp>
{
    public const string Name = "telemetry";
}

/// <summary>A list the exporters add to from their threads while a test reads it.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(T item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(T item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
    public bool Remove(T item) { lock (_items) return _items.Remove(item); }
    public List<T> Snapshot() { lock (_items) return [.. _items]; }
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The smallest OTLP/HTTP receiver: keeps every body posted to /v1/traces, /v1/metrics or /v1/logs and answers 200.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string endpoint) => (_app, Endpoint) = (app, endpoint);

    public string Endpoint { get; }

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Its own ActivitySource and DiagnosticListener, so the app's tracing (process-wide listeners) does not
        // trace the receiver's requests and export them to it in a loop.
        builder.Services.AddSingleton(new ActivitySource("CustomerService.Tests.OtlpReceiver"));
        builder.Services.AddSingleton(new DiagnosticListener("CustomerService.Tests.OtlpReceiver"));
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async (HttpContext http, string signal) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver!.Received.Enqueue(("/v1/" + signal, http.Request.ContentType ?? "", body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver = new OtlpReceiver(app, app.Urls.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
