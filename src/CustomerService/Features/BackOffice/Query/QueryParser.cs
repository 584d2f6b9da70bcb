using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// Parses PostgREST's query-string grammar into a <see cref="ReadQuery"/>. It checks only the grammar: names are
/// resolved against the registry by <see cref="QuerySql"/>, so nothing of the request text ever becomes SQL.
/// Values arrive already URL-decoded.
/// </summary>
public static class QueryParser
{
    /// <summary>Deepest nesting of or/and groups and of embedded selects.</summary>
    public const int MaxDepth = 8;
    /// <summary>Most conditions a request may carry in all.</summary>
    public const int MaxConditions = 200;

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "columns", "on_conflict" };

    public static QueryParseResult Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        try
        {
            var state = new State();
            IReadOnlyList<SelectItem> select = [new StarItem()];
            var filters = new List<Condition>();
            IReadOnlyList<OrderTerm> order = [];
            long? limit = null, offset = null;
            foreach (var (key, values) in query)
            {
                foreach (var value in values)
                {
                    var text = value ?? "";
                    switch (key)
                    {
                        case "select":
                            select = text.Length == 0 ? [new StarItem()] : ParseSelect(text, 0);
                            break;
                        case "order":
                            order = ParseOrder(text);
                            break;
                        case "limit":
                            limit = ParseCount(text, "limit");
                            break;
                        case "offset":
                            offset = ParseCount(text, "offset");
                            break;
                        case "or" or "and" or "not.or" or "not.and":
                            filters.Add(ParseLogic(key, text, state, 1));
                            break;
                        case "":
                            break;
                        default:
                            if (Ignored.Contains(key)) break;
                            if (key.Contains('.', StringComparison.Ordinal))
                                throw new QueryParseException(PgrstError.Parse(
                                    $"\"failed to parse filter ({PgrstError.Shown(key)})\"",
                                    "Filters on embedded resources (resource.column) are not supported by this interface; filter the top-level resource."));
                            if (!IsIdentifier(key))
                                throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(key)})\"", "A filter's name is a column name."));
                            state.Count();
                            filters.Add(ParseFilter(key, text, inLogic: false));
                            break;
                    }
                }
            }
            return new QueryParseResult(new ReadQuery(select, filters, order, limit, offset), null);
        }
        catch (QueryParseException ex)
        {
            return new QueryParseResult(null, ex.Error);
        }
    }

    private sealed class State
    {
        private int _conditions;

        public void Count()
        {
            if (++_conditions > MaxConditions)
                throw new QueryParseException(PgrstError.Parse("\"failed to parse logic tree\"", $"A request may carry at most {MaxConditions} conditions."));
        }
    }

    private static long ParseCount(string text, string name) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new QueryParseException(PgrstError.Parse($"\"failed to parse {name} parameter ({PgrstError.Shown(text)})\"", $"{name} is a non-negative integer."));

    internal static bool IsIdentifier(string s)
    {
        if (s.Length is 0 or > 63 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static FilterCondition ParseFilter(string column, string text, bool inLogic)
    {
        var rest = text;
        var negated = false;
        if (rest.StartsWith("not.", StringComparison.Ordinal))
        {
            negated = true;
            rest = rest[4..];
        }
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"",
                "A filter is operator.value, e.g. eq.live, in.(1,2), is.null, optionally prefixed by not."));
        var op = rest[..dot];
        var value = rest[(dot + 1)..];
        FilterOperator? parsed = op switch
        {
            "eq" => FilterOperator.Eq,
            "neq" => FilterOperator.Neq,
            "gt" => FilterOperator.Gt,
            "gte" => FilterOperator.Gte,
            "lt" => FilterOperator.Lt,
            "lte" => FilterOperator.Lte,
            "like" => FilterOperator.Like,
            "ilike" => FilterOperator.Ilike,
            "in" => FilterOperator.In,
            "is" => FilterOperator.Is,
            _ => null,
        };
        if (parsed is null)
            throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"",
                $"Unknown or unsupported operator '{PgrstError.Shown(op)}'. Supported: eq, neq, gt, gte, lt, lte, like, ilike, in, is."));
        switch (parsed.Value)
        {
            case FilterOperator.In:
                return new FilterCondition(column, negated, FilterOperator.In, ParseList(value, text));
            case FilterOperator.Is:
                var word = value.ToLowerInvariant();
                if (word is not ("null" or "true" or "false" or "unknown"))
                    throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"", "is takes null, true, false or unknown."));
                return new FilterCondition(column, negated, FilterOperator.Is, [word]);
            default:
                return new FilterCondition(column, negated, parsed.Value, [inLogic ? Unquote(value) : value]);
        }
    }

    /// <summary><c>(a,b,"c,d")</c>: double quotes protect commas and parentheses; inside them a backslash escapes the next character.</summary>
    private static List<string> ParseList(string value, string text)
    {
        if (value.Length < 2 || value[0] != '(' || value[^1] != ')')
            throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"", "in takes a parenthesized list: in.(1,2,\"a,b\")."));
        var inner = value[1..^1];
        var items = new List<string>();
        if (inner.Length == 0) return items;
        var current = new StringBuilder();
        var i = 0;
        while (true)
        {
            current.Clear();
            if (i < inner.Length && inner[i] == '"')
            {
                i++;
                var closed = false;
                while (i < inner.Length)
                {
                    var c = inner[i];
                    if (c == '\\' && i + 1 < inner.Length) { current.Append(inner[i + 1]); i += 2; continue; }
                    if (c == '"') { closed = true; i++; break; }
                    current.Append(c);
                    i++;
                }
                if (!closed || (i < inner.Length && inner[i] != ','))
                    throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"", "Unbalanced or misplaced double quote in the in list."));
            }
            else
            {
                while (i < inner.Length && inner[i] != ',')
                {
                    if (inner[i] is '"' or '(' or ')')
                        throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter ({PgrstError.Shown(text)})\"",
                            "Quote values that contain reserved characters: in.(\"a,b\",\"(c)\")."));
                    current.Append(inner[i]);
                    i++;
                }
            }
            items.Add(current.ToString());
            if (i >= inner.Length) break;
            i++; // the comma
        }
        return items;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        var sb = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1) { sb.Append(value[i + 1]); i++; }
            else sb.Append(value[i]);
        }
        return sb.ToString();
    }

    private static LogicCondition ParseLogic(string key, string text, State state, int depth)
    {
        if (depth > MaxDepth)
            throw new QueryParseException(PgrstError.Parse("\"failed to parse logic tree\"", $"or/and groups nest at most {MaxDepth} deep."));
        var negated = key.StartsWith("not.", StringComparison.Ordinal);
        var isOr = key.EndsWith("or", StringComparison.Ordinal);
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
            throw new QueryParseException(PgrstError.Parse($"\"failed to parse logic tree ({PgrstError.Shown(text)})\"", "A logic group is parenthesized: or=(a.eq.1,b.eq.2)."));
        var children = new List<Condition>();
        foreach (var part in SplitTopLevel(text[1..^1], text))
        {
            state.Count();
            var open = part.IndexOf('(', StringComparison.Ordinal);
            var head = open > 0 ? part[..open] : "";
            if (head is "or" or "and" or "not.or" or "not.and")
            {
                children.Add(ParseLogic(head, part[open..], state, depth + 1));
                continue;
            }
            var dot = part.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !IsIdentifier(part[..dot]))
                throw new QueryParseException(PgrstError.Parse($"\"failed to parse logic tree ({PgrstError.Shown(text)})\"",
                    $"Each condition is column.operator.value; '{PgrstError.Shown(part)}' is not."));
            children.Add(ParseFilter(part[..dot], part[(dot + 1)..], inLogic: true));
        }
        if (children.Count == 0)
            throw new QueryParseException(PgrstError.Parse($"\"failed to parse logic tree ({PgrstError.Shown(text)})\"", "A logic group holds at least one condition."));
        return new LogicCondition(isOr, negated, children);
    }

    /// <summary>Splits at commas outside parentheses and double quotes.</summary>
    private static List<string> SplitTopLevel(string inner, string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case '(': depth++; break;
                case ')':
                    if (--depth < 0) throw Unbalanced(text);
                    break;
                case ',' when depth == 0:
                    parts.Add(inner[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0 || quoted) throw Unbalanced(text);
        if (inner.Length > 0) parts.Add(inner[start..]);
        return parts;
    }

    private static QueryParseException Unbalanced(string text) =>
        new(PgrstError.Parse($"\"failed to parse ({PgrstError.Shown(text)})\"", "Unbalanced parentheses or double quotes."));

    private static List<SelectItem> ParseSelect(string text, int depth)
    {
        if (depth > MaxDepth)
            throw new QueryParseException(PgrstError.Parse("\"failed to parse select parameter\"", $"Embedded resources nest at most {MaxDepth} deep."));
        var items = new List<SelectItem>();
        foreach (var raw in SplitTopLevel(text, text))
        {
            var part = raw.Trim();
            if (part == "*") { items.Add(new StarItem()); continue; }
            if (part.Contains("::", StringComparison.Ordinal) || part.Contains("->", StringComparison.Ordinal) || part.Contains('!', StringComparison.Ordinal) || part.StartsWith("...", StringComparison.Ordinal))
                throw new QueryParseException(PgrstError.Parse($"\"failed to parse select parameter ({PgrstError.Shown(text)})\"",
                    "Casts (::), JSON paths (->), embedding hints (!) and spreads (...) are not supported by this interface."));
            string? alias = null;
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var open = part.IndexOf('(', StringComparison.Ordinal);
            if (colon >= 0 && (open < 0 || colon < open))
            {
                alias = part[..colon];
                part = part[(colon + 1)..];
                open = part.IndexOf('(', StringComparison.Ordinal);
                if (!IsIdentifier(alias)) throw SelectError(text, $"'{PgrstError.Shown(alias)}' is not a valid alias.");
            }
            if (open >= 0)
            {
                var name = part[..open];
                if (!IsIdentifier(name) || part[^1] != ')') throw SelectError(text, $"'{PgrstError.Shown(part)}' is not an embedded resource: name(columns).");
                var inner = part[(open + 1)..^1];
                items.Add(new EmbedItem(name, alias, inner.Trim().Length == 0 ? [new StarItem()] : ParseSelect(inner, depth + 1)));
                continue;
            }
            if (!IsIdentifier(part)) throw SelectError(text, $"'{PgrstError.Shown(part)}' is not a column name.");
            items.Add(new ColumnItem(part, alias));
        }
        if (items.Count == 0) throw SelectError(text, "The select list is empty.");
        return items;
    }

    private static QueryParseException SelectError(string text, string details) =>
        new(PgrstError.Parse($"\"failed to parse select parameter ({PgrstError.Shown(text)})\"", details));

    private static List<OrderTerm> ParseOrder(string text)
    {
        var terms = new List<OrderTerm>();
        foreach (var part in text.Split(','))
        {
            var pieces = part.Trim().Split('.');
            if (!IsIdentifier(pieces[0]) || pieces.Length > 3)
                throw OrderError(text);
            var descending = false;
            bool? nullsFirst = null;
            var sawDirection = false;
            foreach (var modifier in pieces.Skip(1))
            {
                switch (modifier)
                {
                    case "asc" when !sawDirection && nullsFirst is null: sawDirection = true; break;
                    case "desc" when !sawDirection && nullsFirst is null: sawDirection = true; descending = true; break;
                    case "nullsfirst" when nullsFirst is null: nullsFirst = true; break;
                    case "nullslast" when nullsFirst is null: nullsFirst = false; break;
                    default: throw OrderError(text);
                }
            }
            terms.Add(new OrderTerm(pieces[0], descending, nullsFirst));
        }
        return terms;
    }

    private static QueryParseException OrderError(string text) =>
        new(PgrstError.Parse($"\"failed to parse order ({PgrstError.Shown(text)})\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated."));
}

public sealed record QueryParseResult(ReadQuery? Query, PgrstError? Error);

/// <summary>Carries a grammar error out of the recursive descent to <see cref="QueryParser.Parse"/>, which returns it as a result.</summary>
internal sealed class QueryParseException(PgrstError error) : Exception(error.Message)
{
    public PgrstError Error { get; } = error;
}
