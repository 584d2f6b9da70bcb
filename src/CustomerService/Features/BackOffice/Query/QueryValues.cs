using System.Globalization;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>Parses a filter value by its column's type into the parameter value each provider expects.</summary>
public static class QueryValues
{
    /// <summary>EF Core's storage format for DateTime on SQLite; filters compare against it as text.</summary>
    private const string SqliteTimestamp = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 => "bigint",
        ColumnType.Int32 => "integer",
        ColumnType.Boolean => "boolean",
        ColumnType.Timestamp => "timestamp with time zone",
        ColumnType.Date => "date",
        ColumnType.Decimal => "numeric",
        _ => "text",
    };

    /// <summary>The parameter value, or a <see cref="QueryParseException"/> carrying PostgreSQL's 22P02/22007 error.</summary>
    internal static object Parse(QueryColumn column, string value, bool postgres)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new QueryParseException(NulByte());
        var parsed = TryParse(column.Type, value, postgres);
        if (parsed is not null) return parsed;
        var code = column.Type is ColumnType.Timestamp or ColumnType.Date ? "22007" : "22P02";
        throw new QueryParseException(PgrstError.InvalidValue(TypeName(column.Type), value) with { Code = code });
    }

    /// <summary>PostgreSQL text cannot hold NUL; PostgreSQL itself answers 22021.</summary>
    public static PgrstError NulByte() =>
        new(StatusCodes.Status400BadRequest, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00");

    public static object? TryParse(ColumnType type, string value, bool postgres)
    {
        var trimmed = value.Trim();
        switch (type)
        {
            case ColumnType.Text:
                return value;
            case ColumnType.Int64:
                return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
            case ColumnType.Int32:
                return int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null;
            case ColumnType.Decimal:
                if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return null;
                return postgres ? d : (double)d;
            case ColumnType.Boolean:
                return trimmed.ToLowerInvariant() switch
                {
                    "true" or "t" or "yes" or "y" or "on" or "1" => true,
                    "false" or "f" or "no" or "n" or "off" or "0" => false,
                    _ => null,
                };
            case ColumnType.Date:
                if (!DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
                return postgres ? date : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case ColumnType.Timestamp:
                if (trimmed.Length < 10 || !char.IsAsciiDigit(trimmed[0]) ||
                    !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var instant))
                    return null;
                var utc = instant.UtcDateTime;
                return postgres ? utc : utc.ToString(SqliteTimestamp, CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }
}
