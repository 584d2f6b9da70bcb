using CustomerService.Infrastructure.Http;
using CustomerService.Infrastructure.Outbox.Kafka;
using CustomerService.Infrastructure.Outbox.RabbitMq;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox;

public static class EventDelivery
{
    /// <summary>
    /// The relay and its transport (<c>Events:Transport</c>), the event feed, outbox administration, the outbox
    /// health check and the relay's counters. With transport <c>none</c> no relay runs: events stay in the outbox.
    /// </summary>
    public static WebApplicationBuilder AddEventDelivery(this WebApplicationBuilder builder)
    {
        // EventOptions itself is bound (and its annotations validated at start) with the outbox writer in AddFeatures.
        builder.Services.AddOptions<EventOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.RabbitMq.Exchange), "Events:RabbitMq:Exchange is required.")
            .Validate(o => o.RabbitMq.ConfirmTimeoutSeconds > 0, "Events:RabbitMq:ConfirmTimeoutSeconds must be positive.")
            .Validate(o => o.RetryMaxSeconds >= o.RetryBaseSeconds, "Events:RetryMaxSeconds must not be below Events:RetryBaseSeconds.");

        builder.Services.AddSingleton<IValidateOptions<EventOptions>, KafkaOptionsValidation>();

        builder.Services.AddMetrics();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddScoped<EventFeed>();
        builder.Services.AddScoped<OutboxAdministration>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [HealthEndpoints.ReadyTag]);

        var transport = builder.Configuration[$"{EventOptions.Section}:{nameof(EventOptions.Transport)}"] ?? EventTransports.None;
        if (transport == EventTransports.RabbitMq)
        {
            var connectionString = builder.Configuration.GetConnectionString(RabbitMqOptions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Events:Transport is rabbitmq but ConnectionStrings:RabbitMq is not set.");
            builder.Services.AddSingleton<IEventPublisher>(sp => new RabbitMqEventPublisher(
                connectionString, sp.GetRequiredService<IOptions<EventOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RabbitMqEventPublisher>>()));
            builder.Services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [HealthEndpoints.ReadyTag]);
        }
        else if (transport == EventTransports.Kafka)
        {
            var bootstrapServers = builder.Configuration.GetConnectionString(KafkaOptions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(bootstrapServers))
                throw new InvalidOperationException("Events:Transport is kafka but ConnectionStrings:Kafka (the bootstrap servers, host:port[,host:port…]) is not set.");
            builder.Services.AddSingleton<IEventPublisher>(sp => new KafkaEventPublisher(
                bootstrapServers, sp.GetRequiredService<IOptions<EventOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KafkaEventPublisher>>()));
            builder.Services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: [HealthEndpoints.ReadyTag]);
        }
        if (transport is EventTransports.RabbitMq or EventTransports.Kafka)
        {
            builder.Services.AddSingleton<OutboxRelay>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        }
        return builder;
    }
}
