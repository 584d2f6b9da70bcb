using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Outbox;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CustomerService.Infrastructure.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();
}

public sealed class PrometheusOptions
{
    /// <summary>Serve a Prometheus scrape endpoint (off by default).</summary>
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Only answer scrapes arriving for this host (ASP.NET Core <c>RequireHost</c>, e.g. <c>*:9464</c>, a port Kestrel
    /// also listens on and only the internal network reaches); empty = any host.
    /// </summary>
    public string? RequireHost { get; set; }
}

/// <summary>
/// OpenTelemetry: traces of incoming and outgoing HTTP requests, PostgreSQL commands (Npgsql) and the outbox
/// relay's publishes; metrics of ASP.NET Core, the HTTP client, the runtime, the outbox (Meter
/// CustomerService.Outbox) and enrollments (Meter CustomerService.Enrollment). Exported by OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c> and the other standard variables) and scraped by
/// Prometheus when <c>Telemetry:Prometheus:Enabled</c>. With neither, nothing is registered: no cost at all.
/// Nothing recorded identifies a person: no request bodies, no query string values (the instrumentation redacts
/// them), no client addresses, no exception messages, no event data or customer ids on the relay's spans.
/// </summary>
public static class TelemetrySetup
{
    public const string DefaultServiceName = "customer-service";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.Section))
            .Validate(o => o.Prometheus.Path.StartsWith('/'), "Telemetry:Prometheus:Path must start with '/'.")
            .ValidateOnStart();
        var prometheus = builder.Configuration.GetValue<bool>($"{TelemetryOptions.Section}:Prometheus:Enabled");
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics");
                    // A client's address is personal data; the route and status say what an operator needs.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("client.address", null);
                })
                .AddHttpClientInstrumentation()
                // Npgsql's own ActivitySource (what Npgsql.OpenTelemetry's AddNpgsql registers): SQL text with
                // parameter placeholders, never parameter values.
                .AddSource("Npgsql")
                .AddSource(OutboxMetrics.MeterName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OutboxMetrics.MeterName)
                .AddMeter(EnrollmentMetrics.MeterName));
        if (otlp) telemetry.UseOtlpExporter();
        if (prometheus) telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Prometheus.Enabled) return app;
        var endpoint = app.MapPrometheusScrapingEndpoint(options.Prometheus.Path).AllowAnonymous();
        if (!string.IsNullOrWhiteSpace(options.Prometheus.RequireHost)) endpoint.RequireHost(options.Prometheus.RequireHost);
        return app;
    }
}
