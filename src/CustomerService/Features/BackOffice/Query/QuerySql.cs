using System.Globalization;
using System.Text;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>One SQL statement and its parameters.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<KeyValuePair<string, object>> Parameters);

public sealed record SqlBuildResult(SqlStatement? Statement, PgrstError? Error);

/// <summary>
/// Turns a parsed request into one parameterized statement for PostgreSQL or SQLite. Identifiers in the SQL text come
/// only from <see cref="QueryResources"/> (looked up by the request's names, never copied from them); every value is a
/// parameter. Each row comes back as one JSON object built in SQL, embedded resources included as correlated
/// subqueries (json_build_object/json_agg on PostgreSQL, json_object/json_group_array on SQLite), so a request is
/// one round trip however many rows it returns.
/// </summary>
public sealed class QuerySql
{
    /// <summary>Most values an <c>in.(…)</c> list may carry.</summary>
    public const int MaxInValues = 1000;

    /// <summary>Most keys one selected object may have.</summary>
    public const int MaxMembers = 50;

    private readonly bool _postgres;
    private readonly List<KeyValuePair<string, object>> _parameters = [];
    private readonly StringBuilder _sql = new();
    private int _aliases;

    private QuerySql(bool postgres) => _postgres = postgres;

    /// <summary>
    /// <c>SELECT &lt;row as JSON&gt; AS j, &lt;audit column&gt; AS k FROM … WHERE … ORDER BY … LIMIT … OFFSET …</c>.
    /// With <paramref name="keys"/>, only the rows with those primary keys (a write's representation).
    /// </summary>
    public static SqlBuildResult Rows(QueryResource resource, ReadQuery query, bool postgres, long? limit, long offset, IReadOnlyList<long>? keys = null) =>
        Build(postgres, b => b.WriteRows(resource, query, limit, offset, keys));

    /// <summary><c>SELECT COUNT(*) FROM … WHERE …</c> with the same filters.</summary>
    public static SqlBuildResult Count(QueryResource resource, ReadQuery query, bool postgres) =>
        Build(postgres, b =>
        {
            b._sql.Append("SELECT COUNT(*) FROM ").Append(Quote(resource.Name)).Append(" t0");
            b.WriteWhere(resource, "t0", query.Filters, null);
        });

    /// <summary>The primary keys of the rows the filters select, locked for update on PostgreSQL.</summary>
    public static SqlBuildResult Keys(QueryResource resource, ReadQuery query, bool postgres) =>
        Build(postgres, b =>
        {
            b._sql.Append("SELECT t0.").Append(Quote(resource.PrimaryKey)).Append(" FROM ").Append(Quote(resource.Name)).Append(" t0");
            b.WriteWhere(resource, "t0", query.Filters, null);
            b._sql.Append(" ORDER BY t0.").Append(Quote(resource.PrimaryKey));
            if (postgres) b._sql.Append(" FOR UPDATE");
        });

    /// <summary>Checks that every name in the request resolves against the registry, without building anything to run.</summary>
    public static PgrstError? Validate(QueryResource resource, ReadQuery query) =>
        Build(true, b => b.WriteRows(resource, query, null, 0, null)).Error;

    private static SqlBuildResult Build(bool postgres, Action<QuerySql> write)
    {
        var builder = new QuerySql(postgres);
        try
        {
            write(builder);
            return new SqlBuildResult(new SqlStatement(builder._sql.ToString(), builder._parameters), null);
        }
        catch (QueryParseException ex)
        {
            return new SqlBuildResult(null, ex.Error);
        }
    }

    /// <summary>Registry names are plain snake_case identifiers; quoting them is belt and braces.</summary>
    private static string Quote(string identifier) => "\"" + identifier + "\"";

    private string NextAlias() => "t" + (++_aliases).ToString(CultureInfo.InvariantCulture);

    private string Parameter(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    private void WriteRows(QueryResource resource, ReadQuery query, long? limit, long offset, IReadOnlyList<long>? keys)
    {
        _sql.Append("SELECT ");
        WriteObject(resource, "t0", query.Select, 0);
        if (_postgres) _sql.Append("::text");
        _sql.Append(" AS j, t0.").Append(Quote(resource.AuditColumn)).Append(" AS k FROM ").Append(Quote(resource.Name)).Append(" t0");
        WriteWhere(resource, "t0", query.Filters, keys);
        _sql.Append(" ORDER BY ");
        foreach (var term in query.Order)
        {
            var column = resource.Column(term.Column) ?? throw Unknown(resource, term.Column);
            _sql.Append(ComparableExpression("t0", column)).Append(term.Descending ? " DESC" : " ASC")
                .Append(term.EffectiveNullsFirst ? " NULLS FIRST, " : " NULLS LAST, ");
        }
        _sql.Append("t0.").Append(Quote(resource.PrimaryKey));
        if (limit is not null) _sql.Append(" LIMIT ").Append(Parameter(limit.Value));
        else if (offset > 0 && !_postgres) _sql.Append(" LIMIT -1");
        if (offset > 0) _sql.Append(" OFFSET ").Append(Parameter(offset));
    }

    private static QueryParseException Unknown(QueryResource resource, string column) => new(PgrstError.UnknownColumn(resource.Name, column));

    /// <summary>
    /// One row of <paramref name="resource"/> as a JSON object expression (json_build_object / json_object). When an
    /// embedded resource has the name of a column (<c>select=*,account(*)</c> on customer_accounts), the embedded
    /// object takes the column's key, so the object never carries a key twice.
    /// </summary>
    private void WriteObject(QueryResource resource, string alias, IReadOnlyList<SelectItem> items, int depth)
    {
        var members = new List<(string Key, Action Value)>();
        void Member(string key, Action value)
        {
            members.RemoveAll(m => m.Key == key);
            members.Add((key, value));
        }
        foreach (var item in items)
        {
            switch (item)
            {
                case StarItem:
                    foreach (var column in resource.Columns) Member(column.Name, () => WriteValue(alias, column));
                    break;
                case ColumnItem c:
                    var col = resource.Column(c.Column) ?? throw Unknown(resource, c.Column);
                    Member(c.Alias ?? col.Name, () => WriteValue(alias, col));
                    break;
                case EmbedItem e:
                    var relationship = resource.Relationship(e.Relationship)
                        ?? throw new QueryParseException(PgrstError.NoRelationship(resource.Name, e.Relationship));
                    Member(e.Alias ?? e.Relationship, () => WriteEmbedded(relationship, alias, e.Items, depth + 1));
                    break;
            }
        }
        // json_build_object takes at most 100 arguments on PostgreSQL: a key and a value per member.
        if (members.Count > MaxMembers)
            throw new QueryParseException(PgrstError.Parse("\"failed to parse select parameter\"", $"An object selects at most {MaxMembers} columns and embedded resources."));
        _sql.Append(_postgres ? "json_build_object(" : "json_object(");
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) _sql.Append(", ");
            // The key is a registry name or an alias the parser checked is an identifier; it still goes in as a parameter.
            _sql.Append(_postgres ? $"CAST({Parameter(members[i].Key)} AS text)" : Parameter(members[i].Key)).Append(", ");
            members[i].Value();
        }
        _sql.Append(')');
    }

    private void WriteValue(string alias, QueryColumn column)
    {
        var reference = alias + "." + Quote(column.Name);
        if (_postgres)
        {
            _sql.Append(column.Type == ColumnType.Timestamp
                ? $"to_char({reference} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                : reference);
            return;
        }
        _sql.Append(column.Type switch
        {
            // EF stores instants as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' UTC text; shown as ISO 8601 with Z.
            ColumnType.Timestamp => $"(replace({reference}, ' ', 'T') || 'Z')",
            ColumnType.Boolean => $"(CASE WHEN {reference} IS NULL THEN NULL WHEN {reference} THEN json('true') ELSE json('false') END)",
            // EF stores decimals as text on SQLite; json() makes them JSON numbers as on PostgreSQL.
            ColumnType.Decimal => $"json({reference})",
            _ => reference,
        });
    }

    private void WriteEmbedded(QueryRelationship relationship, string parentAlias, IReadOnlyList<SelectItem> items, int depth)
    {
        var target = QueryResources.Find(relationship.Target)
            ?? throw new InvalidOperationException($"Relationship {relationship.Name} names an unregistered resource.");
        var alias = NextAlias();
        var sqlite = !_postgres;
        // SQLite drops the JSON subtype of a subquery's result; json() restores it so the parent nests it as JSON, not as a string.
        _sql.Append(sqlite ? "json((SELECT " : "(SELECT ");
        if (relationship.ToMany)
        {
            if (_postgres)
            {
                _sql.Append("coalesce(json_agg(");
                WriteObject(target, alias, items, depth);
                _sql.Append(" ORDER BY ").Append(alias).Append('.').Append(Quote(target.PrimaryKey)).Append("), '[]'::json)");
            }
            else
            {
                _sql.Append("json_group_array(");
                WriteObject(target, alias, items, depth);
                _sql.Append(')');
            }
        }
        else
        {
            WriteObject(target, alias, items, depth);
        }
        _sql.Append(" FROM ").Append(Quote(target.Name)).Append(' ').Append(alias).Append(" WHERE ");
        if (relationship.Through is { } junction)
        {
            _sql.Append(alias).Append('.').Append(Quote(relationship.TargetColumn))
                .Append(" IN (SELECT jn.").Append(Quote(junction.TargetKey)).Append(" FROM ").Append(Quote(junction.Table))
                .Append(" jn WHERE jn.").Append(Quote(junction.ParentKey)).Append(" = ").Append(parentAlias).Append('.').Append(Quote(relationship.ParentColumn)).Append(')');
        }
        else
        {
            _sql.Append(alias).Append('.').Append(Quote(relationship.TargetColumn)).Append(" = ")
                .Append(parentAlias).Append('.').Append(Quote(relationship.ParentColumn));
        }
        if (!relationship.ToMany) _sql.Append(" LIMIT 1");
        _sql.Append(sqlite ? "))" : ")");
    }

    private void WriteWhere(QueryResource resource, string alias, IReadOnlyList<Condition> filters, IReadOnlyList<long>? keys)
    {
        if (filters.Count == 0 && keys is null) return;
        _sql.Append(" WHERE ");
        var first = true;
        foreach (var condition in filters)
        {
            if (!first) _sql.Append(" AND ");
            first = false;
            WriteCondition(resource, alias, condition);
        }
        if (keys is null) return;
        if (!first) _sql.Append(" AND ");
        if (keys.Count == 0)
        {
            _sql.Append("1 = 0");
            return;
        }
        _sql.Append(alias).Append('.').Append(Quote(resource.PrimaryKey)).Append(" IN (");
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) _sql.Append(", ");
            _sql.Append(Parameter(keys[i]));
        }
        _sql.Append(')');
    }

    private void WriteCondition(QueryResource resource, string alias, Condition condition)
    {
        switch (condition)
        {
            case LogicCondition logic:
                if (logic.Negated) _sql.Append("NOT ");
                _sql.Append('(');
                for (var i = 0; i < logic.Children.Count; i++)
                {
                    if (i > 0) _sql.Append(logic.IsOr ? " OR " : " AND ");
                    WriteCondition(resource, alias, logic.Children[i]);
                }
                _sql.Append(')');
                break;
            case FilterCondition filter:
                var column = resource.Column(filter.Column) ?? throw Unknown(resource, filter.Column);
                if (filter.Negated) _sql.Append("NOT ");
                _sql.Append('(');
                WriteFilter(alias, column, filter);
                _sql.Append(')');
                break;
        }
    }

    private string ComparableExpression(string alias, QueryColumn column)
    {
        var reference = alias + "." + Quote(column.Name);
        return !_postgres && column.Type == ColumnType.Decimal ? $"CAST({reference} AS REAL)" : reference;
    }

    private void WriteFilter(string alias, QueryColumn column, FilterCondition filter)
    {
        var reference = ComparableExpression(alias, column);
        switch (filter.Operator)
        {
            case FilterOperator.Eq or FilterOperator.Neq or FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte:
                var op = filter.Operator switch
                {
                    FilterOperator.Eq => "=",
                    FilterOperator.Neq => "<>",
                    FilterOperator.Gt => ">",
                    FilterOperator.Gte => ">=",
                    FilterOperator.Lt => "<",
                    _ => "<=",
                };
                _sql.Append(reference).Append(' ').Append(op).Append(' ').Append(Parameter(QueryValues.Parse(column, filter.Values[0], _postgres)));
                break;
            case FilterOperator.Like or FilterOperator.Ilike:
                var text = column.Type == ColumnType.Text ? reference : $"CAST({reference} AS {(_postgres ? "text" : "TEXT")})";
                var pattern = filter.Values[0];
                if (pattern.Contains('\0', StringComparison.Ordinal)) throw new QueryParseException(QueryValues.NulByte());
                if (_postgres)
                {
                    _sql.Append(text).Append(filter.Operator == FilterOperator.Like ? " LIKE " : " ILIKE ")
                        .Append(Parameter(LikePattern(pattern))).Append(" ESCAPE '\\'");
                }
                else if (filter.Operator == FilterOperator.Like)
                {
                    // SQLite's LIKE ignores ASCII case; GLOB is the case-sensitive match PostgreSQL's LIKE is.
                    _sql.Append(text).Append(" GLOB ").Append(Parameter(GlobPattern(pattern)));
                }
                else
                {
                    _sql.Append(text).Append(" LIKE ").Append(Parameter(LikePattern(pattern))).Append(" ESCAPE '\\'");
                }
                break;
            case FilterOperator.In:
                if (filter.Values.Count > MaxInValues)
                    throw new QueryParseException(PgrstError.Parse($"\"failed to parse filter (in.(…))\"",
                        $"An in list holds at most {MaxInValues} values; this one holds {filter.Values.Count}."));
                if (filter.Values.Count == 0)
                {
                    _sql.Append("1 = 0");
                    break;
                }
                _sql.Append(reference).Append(" IN (");
                for (var i = 0; i < filter.Values.Count; i++)
                {
                    if (i > 0) _sql.Append(", ");
                    _sql.Append(Parameter(QueryValues.Parse(column, filter.Values[i], _postgres)));
                }
                _sql.Append(')');
                break;
            case FilterOperator.Is:
                var word = filter.Values[0];
                if (word is "true" or "false" && column.Type != ColumnType.Boolean)
                    throw new QueryParseException(new PgrstError(StatusCodes.Status400BadRequest, "42804",
                        $"argument of IS {word.ToUpperInvariant()} must be type boolean, not type {QueryValues.TypeName(column.Type)}"));
                _sql.Append(reference).Append(word switch
                {
                    "null" => " IS NULL",
                    "unknown" => " IS NULL",
                    "true" => " IS TRUE",
                    _ => " IS FALSE",
                });
                break;
        }
    }

    /// <summary>PostgREST's <c>*</c> wildcard becomes <c>%</c>; a literal <c>%</c>, <c>_</c> or backslash in the value is escaped.</summary>
    internal static string LikePattern(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            switch (c)
            {
                case '*': sb.Append('%'); break;
                case '%' or '_' or '\\': sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The same pattern for SQLite's GLOB: <c>*</c> stays the wildcard; GLOB's own <c>?</c> and <c>[</c> are made literal.</summary>
    internal static string GlobPattern(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            switch (c)
            {
                case '?': sb.Append("[?]"); break;
                case '[': sb.Append("[[]"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
