using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>The request headers PostgREST reads and the responses it writes.</summary>
public static partial class QueryResponses
{
    public const string SingularMediaType = "application/vnd.pgrst.object+json";
    private const string JsonMediaType = "application/json; charset=utf-8";

    public static IResult Error(PgrstError error) =>
        Results.Json(error, statusCode: error.Status, contentType: JsonMediaType);

    /// <summary>405 <c>PGRST117</c> with the <c>Allow</c> header of what the resource does answer.</summary>
    public static IResult Unsupported(QueryResource resource, HttpContext http)
    {
        http.Response.Headers.Allow = string.Join(", ", resource.Methods());
        return Error(PgrstError.UnsupportedMethod(resource, http.Request.Method));
    }

    /// <summary><c>Accept: application/vnd.pgrst.object+json</c> (or without +json) asks for one object instead of an array.</summary>
    public static bool WantsSingular(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/vnd.pgrst.object", StringComparison.OrdinalIgnoreCase));

    /// <summary>The Prefer header's preferences, from any number of headers, comma-separated.</summary>
    public static HashSet<string> Preferences(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static bool WantsCount(HttpRequest request) =>
        Preferences(request).Any(p => p is "count=exact" or "count=planned" or "count=estimated");

    public static bool WantsRepresentation(HttpRequest request) => Preferences(request).Contains("return=representation");

    /// <summary>
    /// The <c>Range</c> header (unit items): <c>0-9</c> or <c>10-</c>. Like PostgREST, a header that does not parse
    /// is ignored; a range whose lower bound exceeds its upper bound is unsatisfiable.
    /// </summary>
    public static (long From, long? To)? Range(HttpRequest request, out PgrstError? error)
    {
        error = null;
        var header = request.Headers.Range.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(header) || header.Length > 60) return null;
        var match = RangePattern().Match(header);
        if (!match.Success) return null;
        if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var from)) return null;
        long? to = null;
        if (match.Groups[2].Value.Length > 0)
        {
            if (!long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var upper)) return null;
            if (upper < from)
            {
                error = PgrstError.RangeNotSatisfiable("The lower boundary must be lower than or equal to the upper boundary in the Range header.");
                return null;
            }
            to = upper;
        }
        return (from, to);
    }

    [GeneratedRegex(@"^\s*(?:items=)?(\d{1,18})-(\d{0,18})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();

    /// <summary>The rows as a JSON array, or as one object when <paramref name="singular"/> (the caller checked there is exactly one).</summary>
    public static IResult Rows(IReadOnlyList<QueryRow> rows, bool singular, int status)
    {
        if (singular) return Results.Text(rows[0].Json, SingularMediaType + "; charset=utf-8", Encoding.UTF8, status);
        var sb = new StringBuilder(2 + rows.Sum(r => r.Json.Length + 1));
        sb.Append('[');
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(rows[i].Json);
        }
        sb.Append(']');
        return Results.Text(sb.ToString(), JsonMediaType, Encoding.UTF8, status);
    }

    /// <summary><c>0-9/42</c>, <c>0-9/*</c>, or <c>*/42</c> when no row is returned.</summary>
    public static string ContentRange(long offset, int returned, long? total)
    {
        var range = returned == 0
            ? "*"
            : $"{offset.ToString(CultureInfo.InvariantCulture)}-{(offset + returned - 1).ToString(CultureInfo.InvariantCulture)}";
        return $"{range}/{(total is null ? "*" : total.Value.ToString(CultureInfo.InvariantCulture))}";
    }
}
