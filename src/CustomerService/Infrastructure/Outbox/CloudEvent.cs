using System.Text.Json;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// One event as consumers see it: a CloudEvents 1.0 event in structured JSON mode. This is the single place that
/// defines the envelope; every transport and the HTTP feed use it.
/// </summary>
public sealed record CloudEvent(
    Guid Id, string Source, string Type, string Subject, DateTime Time, string DataContentType, long Sequence, string Data)
{
    public const string SpecVersion = "1.0";
    /// <summary>The media type of a structured-mode CloudEvents JSON message.</summary>
    public const string MediaType = "application/cloudevents+json";

    public static CloudEvent From(OutboxEvent e) =>
        new(e.Id, e.Source, e.Type, e.Subject, e.Time, e.DataContentType, e.CustomerSequence, e.Data);

    /// <summary>
    /// <c>{specversion, id, source, type, subject, time, datacontenttype, sequence, data}</c>. <c>sequence</c> is an
    /// extension attribute: the customer's event number (1, 2, 3 …), so consumers order and de-duplicate per
    /// subject. <c>data</c> is the stored JSON object itself, not a string.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("specversion", SpecVersion);
        writer.WriteString("id", Id);
        writer.WriteString("source", Source);
        writer.WriteString("type", Type);
        writer.WriteString("subject", Subject);
        writer.WriteString("time", DateTime.SpecifyKind(Time, DateTimeKind.Utc));
        writer.WriteString("datacontenttype", DataContentType);
        writer.WriteNumber("sequence", Sequence);
        writer.WritePropertyName("data");
        writer.WriteRawValue(Data, skipInputValidation: false);
        writer.WriteEndObject();
    }

    public byte[] ToJsonBytes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Data.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer)) WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public JsonElement ToJsonElement()
    {
        using var document = JsonDocument.Parse(ToJsonBytes());
        return document.RootElement.Clone();
    }

    /// <summary>The instant as CloudEvents writes it (RFC 3339, UTC).</summary>
    public string TimeText => DateTime.SpecifyKind(Time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
