using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Outbox.Kafka;

/// <summary>Checks <c>Events:Kafka</c> at start (EventOptions validate on start), whichever transport is chosen.</summary>
public sealed class KafkaOptionsValidation : IValidateOptions<EventOptions>
{
    public ValidateOptionsResult Validate(string? name, EventOptions options) =>
        Problem(options.Kafka) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>What is wrong with <see cref="KafkaOptions"/>, for validation at start; null when nothing is.</summary>
    private static string? Problem(KafkaOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Topic) || options.Topic.Length > 249 || options.Topic is "." or ".."
            || !options.Topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            return "Events:Kafka:Topic must be a Kafka topic name (1–249 of a-z, A-Z, 0-9, '.', '_', '-').";
        if (options.Producer.ContainsKey("bootstrap.servers") || options.Producer.ContainsKey("metadata.broker.list"))
            return "Events:Kafka:Producer must not set the brokers: set ConnectionStrings:Kafka.";
        if (options.Producer.TryGetValue("enable.idempotence", out var idempotence) && !string.Equals(idempotence, "true", StringComparison.OrdinalIgnoreCase))
            return "Events:Kafka:Producer:enable.idempotence cannot be turned off: the relay's ordering and delivery rely on it.";
        foreach (var key in new[] { "acks", "request.required.acks" })
            if (options.Producer.TryGetValue(key, out var acks) && acks is not ("all" or "-1"))
                return $"Events:Kafka:Producer:{key} must stay all: an event counts as delivered only once every in-sync replica has it.";
        if (options.Producer.ContainsKey("transactional.id"))
            return "Events:Kafka:Producer:transactional.id is not supported: the outbox, not a Kafka transaction, makes delivery reliable.";
        return null;
    }
}
