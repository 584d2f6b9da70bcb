using CustomerService.Features.BackOffice.Query;
using Microsoft.AspNetCore.WebUtilities;

namespace CustomerService.Tests.BackOffice;

/// <summary>
/// PostgREST's query-string grammar, parsed without an app or a database. Query strings are decoded as ASP.NET
/// decodes a request's (QueryHelpers), so a case here reads as the URL a client sends. What the parsed query selects
/// on each provider, and how errors are answered, is QueryInterfaceTests' part.
/// </summary>
public sealed class QueryParserTests
{
    [Theory]
    [InlineData("status=eq.live", "status.eq[live]")]
    [InlineData("status=neq.live", "status.neq[live]")]
    [InlineData("status=not.eq.live", "status.not.eq[live]")]
    [InlineData("id=gt.0", "id.gt[0]")]
    [InlineData("id=gte.0&id=lt.0", "id.gte[0] & id.lt[0]")]
    [InlineData("id=lte.-1", "id.lte[-1]")]
    [InlineData("email=like.*@example.com", "email.like[*@example.com]")]
    [InlineData("email=ilike.JOHN*", "email.ilike[JOHN*]")]
    [InlineData("email=not.like.*@example.com", "email.not.like[*@example.com]")]
    [InlineData("email=like.carol_100%25*", "email.like[carol_100%*]")]
    [InlineData("email=eq.ann.lee@example.com", "email.eq[ann.lee@example.com]")]
    [InlineData("name=eq.Bob O'Neil", "name.eq[Bob O'Neil]")]
    [InlineData("name=eq.\"as written\"", "name.eq[\"as written\"]")]
    [InlineData("name=eq.", "name.eq[]")]
    [InlineData("email=eq.'; DROP TABLE customers; --", "email.eq['; DROP TABLE customers; --]")]
    [InlineData("created_at=lt.2026-11-21T12:01:00-06:00", "created_at.lt[2026-11-21T12:01:00-06:00]")]
    [InlineData("status=in.(live,inactive)", "status.in[live|inactive]")]
    [InlineData("status=not.in.(live,inactive)", "status.not.in[live|inactive]")]
    [InlineData("status=in.()", "status.in[]")]
    [InlineData("id=in.(1,,2)", "id.in[1||2]")]
    [InlineData("status=in.(\"live\",\"prelive\")", "status.in[live|prelive]")]
    [InlineData("email=in.(\"o'neil@example.org\",\"a,b\",\"(c)\")", "email.in[o'neil@example.org|a,b|(c)]")]
    [InlineData("name=in.(\"say \\\"hi\\\"\",\"back\\\\slash\")", "name.in[say \"hi\"|back\\slash]")]
    [InlineData("id=in.(1,2,\"3,4\")", "id.in[1|2|3,4]")]
    [InlineData("business_name=is.null", "business_name.is[null]")]
    [InlineData("business_name=not.is.NULL", "business_name.not.is[null]")]
    [InlineData("flag=is.true&flag=is.False&flag=is.unknown", "flag.is[true] & flag.is[false] & flag.is[unknown]")]
    [InlineData("status=eq.live&email=like.ann*", "status.eq[live] & email.like[ann*]")]
    [InlineData("columns=a,b&on_conflict=id&status=eq.live", "status.eq[live]")]
    public void AFilterIsColumnEqualsOperatorDotValue(string query, string filters) =>
        Assert.Equal(filters, string.Join(" & ", Parsed(query).Filters.Select(Show)));

    [Fact]
    public void AFilterValueIsTakenAsDecodedEvenAControlCharacter() =>
        Assert.Equal(["a\0b"], Assert.IsType<FilterCondition>(Assert.Single(Parsed("email=eq.a%00b").Filters)).Values);

    [Theory]
    [InlineData("or=(status.eq.onboarding,status.eq.inactive)", "or(status.eq[onboarding], status.eq[inactive])")]
    [InlineData("and=(status.eq.live,email.like.ann*)", "and(status.eq[live], email.like[ann*])")]
    [InlineData("not.or=(status.eq.live,status.eq.prelive)", "not.or(status.eq[live], status.eq[prelive])")]
    [InlineData("not.and=(id.gt.0,type.eq.individual)", "not.and(id.gt[0], type.eq[individual])")]
    [InlineData("or=(email.eq.ann.lee@example.com,and(status.eq.live,type.eq.individual))", "or(email.eq[ann.lee@example.com], and(status.eq[live], type.eq[individual]))")]
    [InlineData("and=(status.eq.live,or(email.like.ann*,email.like.john*))", "and(status.eq[live], or(email.like[ann*], email.like[john*]))")]
    [InlineData("or=(status.in.(live,prelive),not.and(id.gt.0,type.eq.individual))", "or(status.in[live|prelive], not.and(id.gt[0], type.eq[individual]))")]
    [InlineData("or=(and(or(and(status.eq.live,email.like.john*))))", "or(and(or(and(status.eq[live], email.like[john*]))))")]
    [InlineData("or=(status.not.eq.live,business_name.not.is.null)", "or(status.not.eq[live], business_name.not.is[null])")]
    [InlineData("or=(email.eq.\"o'neil@example.org\",status.eq.prelive)", "or(email.eq[o'neil@example.org], status.eq[prelive])")]
    [InlineData("or=(name.eq.\"a,b)c\",name.eq.\"say \\\"hi\\\"\",name.eq.\"(x)\")", "or(name.eq[a,b)c], name.eq[say \"hi\"], name.eq[(x)])")]
    [InlineData("or=(status.in.(\"a,b\",c))", "or(status.in[a,b|c])")]
    [InlineData("status=eq.live&or=(id.eq.1,id.eq.2)&and=(id.gt.0)", "status.eq[live] & or(id.eq[1], id.eq[2]) & and(id.gt[0])")]
    public void OrAndAndGroupConditionsIntoATreeAndUnquoteTheirValues(string query, string filters) =>
        Assert.Equal(filters, string.Join(" & ", Parsed(query).Filters.Select(Show)));

    [Fact]
    public void LogicGroupsNestEightDeepAndARequestCarriesTwoHundredConditions()
    {
        static string Nested(int groups) => "or=(" + string.Concat(Enumerable.Repeat("and(", groups - 1)) + "id.eq.1" + new string(')', groups - 1) + ")";
        Assert.Single(Parsed(Nested(QueryParser.MaxDepth)).Filters);
        Assert.Equal(("\"failed to parse logic tree\"", "or/and groups nest at most 8 deep."), Refused(Nested(QueryParser.MaxDepth + 1)));

        static string Group(int conditions) => "or=(" + string.Join(',', Enumerable.Range(0, conditions).Select(i => $"id.eq.{i}")) + ")";
        Assert.Equal(200, Assert.IsType<LogicCondition>(Assert.Single(Parsed(Group(QueryParser.MaxConditions)).Filters)).Children.Count);
        Assert.Equal(("\"failed to parse logic tree\"", "A request may carry at most 200 conditions."), Refused(Group(QueryParser.MaxConditions + 1)));

        static string Filters(int count) => string.Join('&', Enumerable.Range(0, count).Select(i => $"c{i}=eq.{i}"));
        Assert.Equal(200, Parsed(Filters(QueryParser.MaxConditions)).Filters.Count);
        Assert.Equal(("\"failed to parse logic tree\"", "A request may carry at most 200 conditions."), Refused(Filters(QueryParser.MaxConditions + 1)));
        Assert.Equal(("\"failed to parse logic tree\"", "A request may carry at most 200 conditions."), Refused(Filters(150) + "&" + Group(51)));
    }

    [Theory]
    [InlineData("", "*")]
    [InlineData("select=", "*")]
    [InlineData("select=*", "*")]
    [InlineData("select=id,email,name", "id,email,name")]
    [InlineData("select= id , email ", "id,email")]
    [InlineData("select=mail:email,customerId:id", "mail:email,customerId:id")]
    [InlineData("select=*,account(*)", "*,account(*)")]
    [InlineData("select=id,customer_accounts()", "id,customer_accounts(*)")]
    [InlineData("select=id,links:customer_accounts(role,account(account_number,premises(zip,is_primary)))", "id,links:customer_accounts(role,account(account_number,premises(zip,is_primary)))")]
    [InlineData("select=zip,account:account_id(account_number,customer_accounts(customer(email)))", "zip,account:account_id(account_number,customer_accounts(customer(email)))")]
    [InlineData("select=*,pg_sleep(id)", "*,pg_sleep(id)")]
    public void SelectListsColumnsAliasesAndEmbeddedResources(string query, string select) =>
        Assert.Equal(select, string.Join(",", Parsed(query).Select.Select(Show)));

    [Fact]
    public void EmbeddedResourcesNestEightDeep()
    {
        static string Nested(int embeds) => "select=" + string.Concat(Enumerable.Repeat("a(", embeds)) + "id" + new string(')', embeds);
        Assert.Single(Parsed(Nested(QueryParser.MaxDepth)).Select);
        Assert.Equal(("\"failed to parse select parameter\"", "Embedded resources nest at most 8 deep."), Refused(Nested(QueryParser.MaxDepth + 1)));
    }

    [Fact]
    public void DeepNestingAndManyConditionsAreRefusedBeforeAnythingRuns()
    {
        var deep = "or=(" + string.Concat(Enumerable.Repeat("and(", 30)) + "id.eq.1" + new string(')', 30) + ")";
        Assert.Equal(("\"failed to parse logic tree\"", "or/and groups nest at most 8 deep."), Refused(deep));
        var deepSelect = "select=" + string.Concat(Enumerable.Repeat("customer_accounts(account(customers(", 4)) + "id" + new string(')', 12);
        Assert.Equal(("\"failed to parse select parameter\"", "Embedded resources nest at most 8 deep."), Refused(deepSelect));
        var manyConditions = "or=(" + string.Join(',', Enumerable.Range(0, 250).Select(i => $"id.eq.{i}")) + ")";
        Assert.Equal(("\"failed to parse logic tree\"", "A request may carry at most 200 conditions."), Refused(manyConditions));
    }

    [Theory]
    [InlineData("order=email", "email.asc, nulls last")]
    [InlineData("order=email.asc", "email.asc, nulls last")]
    [InlineData("order=email.desc", "email.desc, nulls first")]
    [InlineData("order=business_name.nullsfirst", "business_name.asc.nullsfirst, nulls first")]
    [InlineData("order=business_name.desc.nullslast", "business_name.desc.nullslast, nulls last")]
    [InlineData("order=business_name.asc.nullsfirst,email.desc", "business_name.asc.nullsfirst, nulls first; email.desc, nulls first")]
    [InlineData("order=status.asc, created_at.desc", "status.asc, nulls last; created_at.desc, nulls first")]
    public void OrderTakesDirectionsAndNullsPlacementWithPostgresqlsDefaults(string query, string order) =>
        Assert.Equal(order, string.Join("; ", Parsed(query).Order.Select(o => $"{Show(o)}, nulls {(o.EffectiveNullsFirst ? "first" : "last")}")));

    [Fact]
    public void LimitAndOffsetAreNonNegativeIntegersAndEverythingHasADefault()
    {
        var none = Parsed("");
        Assert.IsType<StarItem>(Assert.Single(none.Select));
        Assert.Empty(none.Filters);
        Assert.Empty(none.Order);
        Assert.Null(none.Limit);
        Assert.Null(none.Offset);

        var slice = Parsed("order=email&limit=2&offset=1");
        Assert.Equal<(long?, long?)>((2, 1), (slice.Limit, slice.Offset));
        Assert.Equal(0L, Parsed("limit=0").Limit);
        Assert.Equal(long.MaxValue, Parsed("offset=9223372036854775807").Offset);
    }

    [Theory]
    [InlineData("account.status=eq.x", "\"failed to parse filter (account.status)\"", "Filters on embedded resources (resource.column) are not supported by this interface; filter the top-level resource.")]
    [InlineData("\"email\"=eq.x", "\"failed to parse filter (\"email\")\"", "A filter's name is a column name.")]
    [InlineData("email--=eq.x", "\"failed to parse filter (email--)\"", "A filter's name is a column name.")]
    [InlineData("1st=eq.x", "\"failed to parse filter (1st)\"", "A filter's name is a column name.")]
    [InlineData("status=live", "\"failed to parse filter (live)\"", "A filter is operator.value, e.g. eq.live, in.(1,2), is.null, optionally prefixed by not.")]
    [InlineData("status=eq", "\"failed to parse filter (eq)\"", "A filter is operator.value, e.g. eq.live, in.(1,2), is.null, optionally prefixed by not.")]
    [InlineData("status=not.eq", "\"failed to parse filter (not.eq)\"", "A filter is operator.value, e.g. eq.live, in.(1,2), is.null, optionally prefixed by not.")]
    [InlineData("status=fts.live", "\"failed to parse filter (fts.live)\"", "Unknown or unsupported operator 'fts'. Supported: eq, neq, gt, gte, lt, lte, like, ilike, in, is.")]
    [InlineData("tags=not.cs.{a}", "\"failed to parse filter (not.cs.{a})\"", "Unknown or unsupported operator 'cs'. Supported: eq, neq, gt, gte, lt, lte, like, ilike, in, is.")]
    [InlineData("id=in.(1,2", "\"failed to parse filter (in.(1,2)\"", "in takes a parenthesized list: in.(1,2,\"a,b\").")]
    [InlineData("id=in.1,2", "\"failed to parse filter (in.1,2)\"", "in takes a parenthesized list: in.(1,2,\"a,b\").")]
    [InlineData("email=is.maybe", "\"failed to parse filter (is.maybe)\"", "is takes null, true, false or unknown.")]
    [InlineData("email=in.(\"a)", "\"failed to parse filter (in.(\"a))\"", "Unbalanced or misplaced double quote in the in list.")]
    [InlineData("email=in.(\"a\"b)", "\"failed to parse filter (in.(\"a\"b))\"", "Unbalanced or misplaced double quote in the in list.")]
    [InlineData("email=in.(a\"b)", "\"failed to parse filter (in.(a\"b))\"", "Quote values that contain reserved characters: in.(\"a,b\",\"(c)\").")]
    [InlineData("id=in.(1,(2))", "\"failed to parse filter (in.(1,(2)))\"", "Quote values that contain reserved characters: in.(\"a,b\",\"(c)\").")]
    [InlineData("limit=-1", "\"failed to parse limit parameter (-1)\"", "limit is a non-negative integer.")]
    [InlineData("limit=abc", "\"failed to parse limit parameter (abc)\"", "limit is a non-negative integer.")]
    [InlineData("limit=", "\"failed to parse limit parameter ()\"", "limit is a non-negative integer.")]
    [InlineData("limit=9223372036854775808", "\"failed to parse limit parameter (9223372036854775808)\"", "limit is a non-negative integer.")]
    [InlineData("offset=1;--", "\"failed to parse offset parameter (1;--)\"", "offset is a non-negative integer.")]
    [InlineData("offset=%2B1", "\"failed to parse offset parameter (+1)\"", "offset is a non-negative integer.")]
    [InlineData("or=status.eq.live", "\"failed to parse logic tree (status.eq.live)\"", "A logic group is parenthesized: or=(a.eq.1,b.eq.2).")]
    [InlineData("or=(status.eq.live", "\"failed to parse logic tree ((status.eq.live)\"", "A logic group is parenthesized: or=(a.eq.1,b.eq.2).")]
    [InlineData("not.and=", "\"failed to parse logic tree ()\"", "A logic group is parenthesized: or=(a.eq.1,b.eq.2).")]
    [InlineData("or=()", "\"failed to parse logic tree (())\"", "A logic group holds at least one condition.")]
    [InlineData("or=(id.eq.1,and())", "\"failed to parse logic tree (())\"", "A logic group holds at least one condition.")]
    [InlineData("or=(status.eq.live,pg_sleep(1))", "\"failed to parse logic tree ((status.eq.live,pg_sleep(1)))\"", "Each condition is column.operator.value; 'pg_sleep(1)' is not.")]
    [InlineData("or=(.eq.1)", "\"failed to parse logic tree ((.eq.1))\"", "Each condition is column.operator.value; '.eq.1' is not.")]
    [InlineData("or=(status)", "\"failed to parse logic tree ((status))\"", "Each condition is column.operator.value; 'status' is not.")]
    [InlineData("or=(status.fts.live)", "\"failed to parse filter (fts.live)\"", "Unknown or unsupported operator 'fts'. Supported: eq, neq, gt, gte, lt, lte, like, ilike, in, is.")]
    [InlineData("or=((status.eq.live)", "\"failed to parse (((status.eq.live))\"", "Unbalanced parentheses or double quotes.")]
    [InlineData("or=(status.eq.live))", "\"failed to parse ((status.eq.live)))\"", "Unbalanced parentheses or double quotes.")]
    [InlineData("or=(status.eq.live,and(id.eq.1)", "\"failed to parse ((status.eq.live,and(id.eq.1))\"", "Unbalanced parentheses or double quotes.")]
    [InlineData("or=(name.eq.\"abc)", "\"failed to parse ((name.eq.\"abc))\"", "Unbalanced parentheses or double quotes.")]
    [InlineData("select=email::text", "\"failed to parse select parameter (email::text)\"", "Casts (::), JSON paths (->), embedding hints (!) and spreads (...) are not supported by this interface.")]
    [InlineData("select=data->x", "\"failed to parse select parameter (data->x)\"", "Casts (::), JSON paths (->), embedding hints (!) and spreads (...) are not supported by this interface.")]
    [InlineData("select=*,account!inner(*)", "\"failed to parse select parameter (*,account!inner(*))\"", "Casts (::), JSON paths (->), embedding hints (!) and spreads (...) are not supported by this interface.")]
    [InlineData("select=...account(*)", "\"failed to parse select parameter (...account(*))\"", "Casts (::), JSON paths (->), embedding hints (!) and spreads (...) are not supported by this interface.")]
    [InlineData("select=*,pg_sleep(1)", "\"failed to parse select parameter (1)\"", "'1' is not a column name.")]
    [InlineData("select=id/*comment*/", "\"failed to parse select parameter (id/*comment*/)\"", "'id/*comment*/' is not a column name.")]
    [InlineData("select=id,", "\"failed to parse select parameter (id,)\"", "'' is not a column name.")]
    [InlineData("select=id,(select 1)", "\"failed to parse select parameter (id,(select 1))\"", "'(select 1)' is not an embedded resource: name(columns).")]
    [InlineData("select=account(id)x", "\"failed to parse select parameter (account(id)x)\"", "'account(id)x' is not an embedded resource: name(columns).")]
    [InlineData("select=1a:email", "\"failed to parse select parameter (1a:email)\"", "'1a' is not a valid alias.")]
    [InlineData("select=account(id", "\"failed to parse (account(id)\"", "Unbalanced parentheses or double quotes.")]
    [InlineData("order=email.sideways", "\"failed to parse order (email.sideways)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email;DROP TABLE customers", "\"failed to parse order (email;DROP TABLE customers)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=(select 1)", "\"failed to parse order ((select 1))\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email.asc.desc", "\"failed to parse order (email.asc.desc)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email.nullsfirst.desc", "\"failed to parse order (email.nullsfirst.desc)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email.nullsfirst.nullslast", "\"failed to parse order (email.nullsfirst.nullslast)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email.desc.nullsfirst.x", "\"failed to parse order (email.desc.nullsfirst.x)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    [InlineData("order=email,", "\"failed to parse order (email,)\"", "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated.")]
    public void GrammarErrorsAreParseErrorsWithWhatFailedAndWhy(string query, string message, string details) =>
        Assert.Equal((message, details), Refused(query));

    [Fact]
    public void AnErrorShowsAtMostEightyCharactersOfTheRequest()
    {
        Assert.Equal(("\"failed to parse logic tree (" + new string('(', 80) + "…)\"", "A logic group is parenthesized: or=(a.eq.1,b.eq.2)."),
            Refused("or=(" + new string('(', 500)));
        // The whole parameter escaped, '=' included, is one name.
        Assert.Equal(("\"failed to parse filter (or=" + new string('(', 77) + "…)\"", "A filter's name is a column name."),
            Refused(Uri.EscapeDataString("or=(" + new string('(', 500))));
    }

    /// <summary>The query as the app sees a request's (decoded by QueryHelpers), parsed; fails the test on an error.</summary>
    private static ReadQuery Parsed(string query)
    {
        var result = QueryParser.Parse(QueryHelpers.ParseQuery(query));
        Assert.True(result.Error is null, $"{query}: {result.Error}");
        return result.Query!;
    }

    /// <summary>Asserts PostgREST's parse error (400, PGRST100, no query to run); returns its message and details.</summary>
    private static (string Message, string? Details) Refused(string query)
    {
        var result = QueryParser.Parse(QueryHelpers.ParseQuery(query));
        Assert.Null(result.Query);
        var error = Assert.IsType<PgrstError>(result.Error);
        Assert.Equal((400, "PGRST100", (string?)null), (error.Status, error.Code, error.Hint));
        return (error.Message, error.Details);
    }

    private static string Show(Condition condition) => condition switch
    {
        FilterCondition f => $"{f.Column}.{(f.Negated ? "not." : "")}{f.Operator.ToString().ToLowerInvariant()}[{string.Join("|", f.Values)}]",
        LogicCondition l => $"{(l.Negated ? "not." : "")}{(l.IsOr ? "or" : "and")}({string.Join(", ", l.Children.Select(Show))})",
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static string Show(SelectItem item) => item switch
    {
        StarItem => "*",
        ColumnItem c => (c.Alias is null ? "" : c.Alias + ":") + c.Column,
        EmbedItem e => (e.Alias is null ? "" : e.Alias + ":") + $"{e.Relationship}({string.Join(",", e.Items.Select(Show))})",
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    private static string Show(OrderTerm term) =>
        $"{term.Column}.{(term.Descending ? "desc" : "asc")}{term.NullsFirst switch { true => ".nullsfirst", false => ".nullslast", null => "" }}";
}
