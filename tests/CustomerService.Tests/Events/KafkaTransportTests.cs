using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Infrastructure.Outbox.Kafka;
using CustomerService.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerService.Tests.Events;

/// <summary>The Kafka transport's configuration and message shape, and the envelope's sequence: no broker needed.</summary>
public sealed class KafkaTransportTests
{
    private static readonly CloudEvent Event = new(
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "urn:ossrep:customer-service", "customer.ContractCreated", "42",
        TestClock.Default.UtcDateTime, "application/json", 7, """{"contractNumber":"CTR-2026-000001","rate":0.129}""");

    [Fact]
    public void SequenceStringsOrderAsTheNumbersTheyCarry()
    {
        long[] numbers = [1, 2, 9, 10, 11, 99, 100, 12345, long.MaxValue];
        var texts = numbers.Select(n => (Event with { Sequence = n }).SequenceText).ToList();
        Assert.Equal(texts, texts.Order(StringComparer.Ordinal));
        Assert.All(texts, t => Assert.Equal(CloudEvent.SequenceDigits, t.Length));
        Assert.Equal("0000000000000000010", texts[3]);
        Assert.Equal(numbers, texts.Select(t => long.Parse(t, CultureInfo.InvariantCulture)));

        // A consumer using the CloudEvents SDK with the sequence extension reads the string as it is.
        var formatter = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter();
        var contentType = new System.Net.Mime.ContentType(CloudEvent.MediaType);
        Assert.Equal("0000000000000000007", CloudNative.CloudEvents.Extensions.Sequence.GetSequenceString(
            formatter.DecodeStructuredModeMessage(Event.ToJsonBytes(), contentType, CloudNative.CloudEvents.Extensions.Sequence.AllAttributes)));
    }

    [Fact]
    public void AMessageIsKeyedByTheCustomerAndCarriesTheStructuredEnvelopeWithTheCeHeadersOfBinaryMode()
    {
        var message = KafkaEventPublisher.Message(Event);

        Assert.Equal("42", message.Key);
        Assert.Equal(Event.ToJsonBytes(), message.Value);
        var headers = message.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
        Assert.Equal(
        [
            ("content-type", "application/cloudevents+json"),
            ("ce_specversion", "1.0"),
            ("ce_id", "0f8fad5b-d9cb-469f-a165-70867728950e"),
            ("ce_source", "urn:ossrep:customer-service"),
            ("ce_type", "customer.ContractCreated"),
            ("ce_subject", "42"),
            ("ce_time", "2026-11-21T18:00:00Z"),
            ("ce_sequence", "0000000000000000007"),
        ], headers);
        var body = JsonDocument.Parse(message.Value).RootElement;
        Assert.Equal(
            """{"specversion":"1.0","id":"0f8fad5b-d9cb-469f-a165-70867728950e","source":"urn:ossrep:customer-service","type":"customer.ContractCreated","subject":"42","time":"2026-11-21T18:00:00Z","datacontenttype":"application/json","sequence":"0000000000000000007","data":{"contractNumber":"CTR-2026-000001","rate":0.129}}""",
            body.GetRawText());
    }

    [Fact]
    public void ATracedEventCarriesTraceparentAfterSequenceInTheEnvelopeAndAsTheCeTraceparentHeader()
    {
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var traced = Event with { TraceParent = traceParent };

        var message = KafkaEventPublisher.Message(traced);

        Assert.Equal(
            ["content-type", "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "ce_sequence", "ce_traceparent"],
            message.Headers.Select(h => h.Key));
        Assert.Equal(traceParent, Encoding.UTF8.GetString(message.Headers.GetLastBytes("ce_traceparent")));
        Assert.Equal(
            """{"specversion":"1.0","id":"0f8fad5b-d9cb-469f-a165-70867728950e","source":"urn:ossrep:customer-service","type":"customer.ContractCreated","subject":"42","time":"2026-11-21T18:00:00Z","datacontenttype":"application/json","sequence":"0000000000000000007","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","data":{"contractNumber":"CTR-2026-000001","rate":0.129}}""",
            Encoding.UTF8.GetString(message.Value));
        // The same event untraced is byte for byte the documented envelope, without the attribute.
        Assert.DoesNotContain("traceparent", Encoding.UTF8.GetString(KafkaEventPublisher.Message(Event).Value), StringComparison.Ordinal);
    }

    [Fact]
    public void ProducerPropertiesPassThroughButIdempotenceAndAcksAllCannotBeWeakened()
    {
        var options = new KafkaOptions
        {
            Producer = new() { ["client.id"] = "cs-eu", ["linger.ms"] = "20", ["security.protocol"] = "sasl_ssl", ["message.timeout.ms"] = "60000" },
        };
        var config = KafkaEventPublisher.ProducerConfig("k1:9092,k2:9092", options);

        Assert.Equal("k1:9092,k2:9092", config.BootstrapServers);
        Assert.Equal("cs-eu", config.ClientId);
        Assert.Equal("20", config.Get("linger.ms"));
        Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(60_000, config.MessageTimeoutMs);
        Assert.Equal(Partitioner.Murmur2Random, config.Partitioner);
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        Assert.Equal(30_000, KafkaEventPublisher.ProducerConfig("k1:9092", new KafkaOptions()).MessageTimeoutMs);
    }

    [Theory]
    [InlineData("enable.idempotence", "false", "enable.idempotence")]
    [InlineData("acks", "1", "acks must stay all")]
    [InlineData("request.required.acks", "0", "request.required.acks must stay all")]
    [InlineData("bootstrap.servers", "elsewhere:9092", "ConnectionStrings:Kafka")]
    [InlineData("transactional.id", "tx", "transactional.id")]
    public void SettingsThatWouldWeakenDeliveryAreRefusedAtStart(string key, string value, string reason)
    {
        var result = new KafkaOptionsValidation().Validate(null, new EventOptions { Kafka = new KafkaOptions { Producer = new() { [key] = value } } });

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage);
        Assert.True(new KafkaOptionsValidation().Validate(null, new EventOptions { Kafka = new KafkaOptions { Producer = new() { ["acks"] = "all" } } }).Succeeded);
        Assert.True(new KafkaOptionsValidation().Validate(null, new EventOptions { Kafka = new KafkaOptions { Topic = "bad topic" } }).Failed);
    }

    [Fact]
    public void TransportKafkaWithoutBootstrapServersFailsAtStartNamingTheSetting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Events:Transport"] = "kafka" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddEventDelivery());

        Assert.Contains("ConnectionStrings:Kafka", error.Message);
    }

    [Fact]
    public void AProducerPropertyLibrdkafkaDoesNotKnowFailsWhenThePublisherIsBuilt()
    {
        var options = Options.Create(new EventOptions { Kafka = new KafkaOptions { Producer = new() { ["no.such.property"] = "1" } } });

        var error = Assert.ThrowsAny<Exception>(() => new KafkaEventPublisher("127.0.0.1:1", options, TimeProvider.System, NullLogger<KafkaEventPublisher>.Instance));

        Assert.Contains("no.such.property", error.Message);
    }
}
