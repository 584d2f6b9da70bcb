using System.Globalization;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using SdkCloudEvent = CloudNative.CloudEvents.CloudEvent;
using SequenceExtension = CloudNative.CloudEvents.Extensions.Sequence;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// One event as consumers see it: a CloudEvents 1.0 event. This is the single place that defines the envelope;
/// every transport and the HTTP feed use it. The envelope is built and serialized by the CloudEvents SDK
/// (CloudNative.CloudEvents, JSON event format with System.Text.Json); this record is the outbox row's view of it.
/// </summary>
public sealed record CloudEvent(
    Guid Id, string Source, string Type, string Subject, DateTime Time, string DataContentType, long Sequence, string Data,
    string? TraceParent = null)
{
    public const string SpecVersion = "1.0";
    /// <summary>The media type of a structured-mode CloudEvents JSON message.</summary>
    public const string MediaType = "application/cloudevents+json";

    /// <summary>Digits of <see cref="SequenceText"/>: every non-negative 64-bit number fits, so string order is number order.</summary>
    public const int SequenceDigits = 19;

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>
    /// The CloudEvents distributed tracing extension's <c>traceparent</c> (W3C Trace Context; the SDK has no class
    /// for this extension, so it is defined here the SDK's way). Present only when the change that recorded the event
    /// was traced; <c>tracestate</c> is not kept.
    /// </summary>
    public static readonly CloudEventAttribute TraceParentAttribute = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    /// <summary>The extension attributes the envelope may carry, for consumers using the SDK: sequence and traceparent.</summary>
    public static readonly IReadOnlyList<CloudEventAttribute> ExtensionAttributes = [.. SequenceExtension.AllAttributes, TraceParentAttribute];

    public static CloudEvent From(OutboxEvent e) =>
        new(e.Id, e.Source, e.Type, e.Subject, e.Time, e.DataContentType, e.CustomerSequence, e.Data, e.TraceParent);

    /// <summary>
    /// The CloudEvents sequence extension's value: a String (as the extension defines it) that orders
    /// lexicographically, so the customer's event number zero-padded to <see cref="SequenceDigits"/> digits
    /// (<c>0000000000000000007</c>). It parses as an integer in any language.
    /// </summary>
    public string SequenceText => Sequence.ToString(CultureInfo.InvariantCulture).PadLeft(SequenceDigits, '0');

    /// <summary>
    /// The event for the SDK: <c>specversion, id, source, type, subject, time, datacontenttype, sequence</c>, then
    /// <c>traceparent</c> when there is one (in that order, the documented envelope's) and <c>data</c>, the stored JSON
    /// object itself, not a string.
    /// </summary>
    public SdkCloudEvent ToSdkEvent()
    {
        using var data = JsonDocument.Parse(Data);
        var e = new SdkCloudEvent(CloudEventsSpecVersion.V1_0, ExtensionAttributes)
        {
            Id = Id.ToString(),
            Source = new Uri(Source, UriKind.RelativeOrAbsolute),
            Type = Type,
            Subject = Subject,
            Time = new DateTimeOffset(DateTime.SpecifyKind(Time, DateTimeKind.Utc)),
            DataContentType = DataContentType,
            Data = data.RootElement.Clone(),
        };
        e[SequenceExtension.SequenceAttribute] = SequenceText;
        if (TraceParent is not null) e[TraceParentAttribute] = TraceParent;
        return e;
    }

    /// <summary>
    /// The context attributes as the SDK writes them in text (<c>specversion</c> first), for the transports'
    /// header mappings (AMQP <c>cloudEvents_*</c>, Kafka <c>ce_*</c>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes()
    {
        var e = ToSdkEvent();
        var attributes = new List<KeyValuePair<string, string>> { new(CloudEventsSpecVersion.SpecVersionAttribute.Name, e.SpecVersion.VersionId) };
        attributes.AddRange(e.GetPopulatedAttributes().Select(a => new KeyValuePair<string, string>(a.Key.Name, a.Key.Format(a.Value))));
        return attributes;
    }

    /// <summary>The structured-mode message body (<see cref="MediaType"/>, UTF-8).</summary>
    public byte[] ToJsonBytes() => Formatter.EncodeStructuredModeMessage(ToSdkEvent(), out _).ToArray();

    public JsonElement ToJsonElement() => Formatter.ConvertToJsonElement(ToSdkEvent());

    /// <summary>The instant as CloudEvents writes it (RFC 3339, UTC).</summary>
    public string TimeText => CloudEventAttributeType.Timestamp.Format(new DateTimeOffset(DateTime.SpecifyKind(Time, DateTimeKind.Utc)));
}
