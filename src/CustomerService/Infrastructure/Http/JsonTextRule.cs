using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerService.Common;

namespace CustomerService.Infrastructure.Http;

/// <summary>
/// Applies <see cref="Text"/>'s rule to every string member of every object a JSON body binds to, so no endpoint and
/// no lookup field (an account number, a role, a token) lets a control character through to the database. The
/// refusal becomes a validation problem naming the field (<see cref="ProblemDetailsExceptionHandler"/>). It checks each
/// object once it is read rather than converting strings, which would blank every string in the OpenAPI document.
/// A lone surrogate escape (\ud800) is already refused by the serializer, as malformed JSON.
/// </summary>
public static class JsonTextRule
{
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var strings = info.Properties.Where(p => p.PropertyType == typeof(string) && p.Get is not null).ToArray();
        if (strings.Length == 0) return;
        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            foreach (var property in strings)
            {
                if (property.Get!(value) is string text && Text.Refusal(text) is { } why)
                    throw new RefusedTextException(property.Name, why);
            }
        };
    }
}

/// <summary>A JSON string that breaks the text rule; the serializer sets <see cref="JsonException.Path"/> to the object holding it.</summary>
public sealed class RefusedTextException(string member, string why) : JsonException(why)
{
    public string Member { get; } = member;

    /// <summary>The field's path as validation problems name fields: bills[0].billNumber.</summary>
    public string Field => Path is null or "$" ? Member : $"{Path.TrimStart('$').TrimStart('.')}.{Member}";
}

/// <summary>The text rule for a body an endpoint reads as a <see cref="System.Text.Json.Nodes.JsonNode"/> itself, member by member.</summary>
public static class JsonNodeTextRule
{
    /// <summary>The first member name or string that breaks the rule (or cannot be read as text at all), by JSON path; null when none does.</summary>
    public static (string Field, string Why)? Find(System.Text.Json.Nodes.JsonNode? node, string path = "")
    {
        try
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        var child = path.Length == 0 ? name : $"{path}.{name}";
                        if (Text.Refusal(name) is { } why) return (child, $"The member name {why}");
                        if (Find(value, child) is { } found) return found;
                    }
                    return null;
                case System.Text.Json.Nodes.JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                        if (Find(a[i], $"{path}[{i}]") is { } found) return found;
                    return null;
                case System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    return Text.Refusal(v.GetValue<string>()) is { } refusal ? (path, char.ToUpperInvariant(refusal[0]) + refusal[1..]) : null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) cannot be read as a string.
            return (path.Length == 0 ? "$" : path, "Contains an unpaired surrogate; send valid Unicode text.");
        }
    }
}
