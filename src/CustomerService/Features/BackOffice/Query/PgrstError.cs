using System.Text.Json.Serialization;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>PostgREST's error body, <c>{"code", "message", "details", "hint"}</c>, with the HTTP status PostgREST answers it with.</summary>
public sealed record PgrstError(
    [property: JsonIgnore] int Status,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] string? Details = null,
    [property: JsonPropertyName("hint")] string? Hint = null)
{
    public static PgrstError Parse(string message, string? details = null) =>
        new(StatusCodes.Status400BadRequest, "PGRST100", message, details);

    public static PgrstError UnknownColumn(string table, string column) =>
        new(StatusCodes.Status400BadRequest, "42703", $"column {table}.{Shown(column)} does not exist");

    public static PgrstError UnknownBodyColumn(string table, string column) =>
        new(StatusCodes.Status400BadRequest, "PGRST204", $"Could not find the '{Shown(column)}' column of '{table}' in the schema cache");

    public static PgrstError NoRelationship(string table, string name) =>
        new(StatusCodes.Status400BadRequest, "PGRST200", $"Could not find a relationship between '{table}' and '{Shown(name)}' in the schema cache",
            $"Searched for a foreign key relationship between '{table}' and '{Shown(name)}' in the schema 'public', but no matches were found.");

    public static PgrstError InvalidValue(string typeName, string value) =>
        new(StatusCodes.Status400BadRequest, "22P02", $"invalid input syntax for type {typeName}: \"{Shown(value)}\"");

    public static PgrstError Singular(long rows) =>
        new(StatusCodes.Status406NotAcceptable, "PGRST116", "JSON object requested, multiple (or no) rows returned",
            $"The result contains {rows} rows");

    public static PgrstError RangeNotSatisfiable(string details) =>
        new(StatusCodes.Status416RangeNotSatisfiable, "PGRST103", "Requested range not satisfiable", details);

    /// <summary>What pg-safeupdate, PostgREST's documented guard against full-table writes, raises.</summary>
    public static PgrstError WhereRequired(string verb) =>
        new(StatusCodes.Status400BadRequest, "21000", $"{verb} requires a WHERE clause",
            null, "Add at least one filter, e.g. ?id=eq.1, to say which rows to change.");

    public static PgrstError PermissionDenied(string table, string column, IEnumerable<string> writable) =>
        new(StatusCodes.Status403Forbidden, "42501", $"permission denied to write column {table}.{Shown(column)}",
            null, writable.Any() ? $"Writable columns of {table}: {string.Join(", ", writable)}." : $"{table} is read-only here.");

    /// <summary>A method the resource does not answer (PUT, a write on a read-only resource, anything else).</summary>
    public static PgrstError UnsupportedMethod(QueryResource resource, string method) =>
        new(StatusCodes.Status405MethodNotAllowed, "PGRST117", $"Unsupported HTTP method: {Shown(method)}", null,
            resource.Name == "customer_accounts"
                ? "Account parties are added and removed through the account-party endpoints, which keep every account's occupier."
                : $"{resource.Name} accepts {string.Join(", ", Offered(resource))} here.");

    /// <summary>A path of the interface that names no exposed table.</summary>
    public static PgrstError UnknownTable(string table) =>
        new(StatusCodes.Status404NotFound, "PGRST205", $"Could not find the table 'public.{Shown(table)}' in the schema cache", null,
            $"The tables here are {string.Join(", ", QueryResources.All.Keys.Order(StringComparer.Ordinal))}.");

    private static IEnumerable<string> Offered(QueryResource resource) =>
        resource.Methods().Select(m => m == HttpMethods.Patch ? $"PATCH ({string.Join(", ", resource.Updatable)})" : m);

    public static PgrstError InvalidBody(string message) =>
        new(StatusCodes.Status400BadRequest, "PGRST102", message);

    /// <summary>Echoes request text in a message without letting it grow unbounded.</summary>
    internal static string Shown(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
