namespace CustomerService.Features.BackOffice.Query;

/// <summary>The comparison operators of PostgREST's horizontal filtering that this interface supports.</summary>
public enum FilterOperator
{
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    Like,
    Ilike,
    In,
    Is,
}

/// <summary>A node of a request's filter tree: the top-level filters are ANDed.</summary>
public abstract record Condition;

/// <summary><c>col=[not.]op.value</c>; for <c>in</c> the list of values, for <c>is</c> one of null, true, false, unknown.</summary>
public sealed record FilterCondition(string Column, bool Negated, FilterOperator Operator, IReadOnlyList<string> Values) : Condition;

/// <summary><c>or=(…)</c>, <c>and=(…)</c>, <c>not.or=(…)</c> and their nested forms.</summary>
public sealed record LogicCondition(bool IsOr, bool Negated, IReadOnlyList<Condition> Children) : Condition;

public abstract record SelectItem;

public sealed record StarItem : SelectItem;

public sealed record ColumnItem(string Column, string? Alias) : SelectItem;

public sealed record EmbedItem(string Relationship, string? Alias, IReadOnlyList<SelectItem> Items) : SelectItem;

public sealed record OrderTerm(string Column, bool Descending, bool? NullsFirst)
{
    /// <summary>PostgreSQL's default, which PostgREST inherits: NULLS LAST ascending, NULLS FIRST descending.</summary>
    public bool EffectiveNullsFirst => NullsFirst ?? Descending;
}

/// <summary>A parsed request: what to select, which rows, in what order, which slice.</summary>
public sealed record ReadQuery(
    IReadOnlyList<SelectItem> Select,
    IReadOnlyList<Condition> Filters,
    IReadOnlyList<OrderTerm> Order,
    long? Limit,
    long? Offset);
