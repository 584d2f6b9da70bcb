namespace CustomerService.Features.BackOffice.Query;

/// <summary>How a column's values are parsed from the query string and bound as parameters.</summary>
public enum ColumnType
{
    Int64,
    Int32,
    Text,
    Boolean,
    Timestamp,
    Date,
    Decimal,
}

/// <summary>An exposed column: its database name (which is also its name on the API) and type.</summary>
public sealed record QueryColumn(string Name, ColumnType Type);

/// <summary>
/// A relationship another resource can be embedded through (<c>select=*,account(*)</c>). The embedded rows are
/// those of <see cref="Target"/> whose <see cref="TargetColumn"/> equals the parent's <see cref="ParentColumn"/>,
/// or, many-to-many, whose <see cref="TargetColumn"/> is in the junction rows that point at the parent.
/// </summary>
public sealed record QueryRelationship(string Name, string Target, string ParentColumn, string TargetColumn, bool ToMany, QueryJunction? Through = null);

/// <summary>A junction table: <c>TargetKey</c> points at the embedded resource, <c>ParentKey</c> at the parent.</summary>
public sealed record QueryJunction(string Table, string ParentKey, string TargetKey);

/// <summary>Whose data a row is, for the access log: the customer id itself, or an account whose parties are looked up.</summary>
public enum AuditKind
{
    Customer,
    Account,
    /// <summary>Not customer data (ESCOs): nothing to log per customer.</summary>
    None,
}

/// <summary>
/// One exposed resource. Only what is declared here ever reaches SQL text: the table, the allow-listed columns and
/// the relationships. Column names in a request are looked up here and the registry's own string is used.
/// </summary>
public sealed class QueryResource
{
    private readonly Dictionary<string, QueryColumn> _columns;
    private readonly Dictionary<string, QueryRelationship> _relationships;

    public QueryResource(
        string name, string primaryKey, IReadOnlyList<QueryColumn> columns, IReadOnlyList<QueryRelationship> relationships,
        string auditColumn, AuditKind auditKind, QueryWriteKind writes = QueryWriteKind.ReadOnly, IReadOnlyList<string>? updatable = null)
    {
        Name = name;
        PrimaryKey = primaryKey;
        Columns = columns;
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Relationships = relationships;
        _relationships = relationships.ToDictionary(r => r.Name, StringComparer.Ordinal);
        AuditColumn = auditColumn;
        AuditKind = auditKind;
        Writes = writes;
        Updatable = updatable ?? [];
        if (!_columns.ContainsKey(primaryKey) || !_columns.ContainsKey(auditColumn) || Updatable.Any(u => !_columns.ContainsKey(u)))
            throw new InvalidOperationException($"Resource {name} names a column it does not expose.");
    }

    /// <summary>The table name, which is also the URL path segment.</summary>
    public string Name { get; }
    public string PrimaryKey { get; }
    public IReadOnlyList<QueryColumn> Columns { get; }
    public IReadOnlyList<QueryRelationship> Relationships { get; }
    public string AuditColumn { get; }
    public AuditKind AuditKind { get; }
    public QueryWriteKind Writes { get; }
    /// <summary>Columns PATCH may set.</summary>
    public IReadOnlyList<string> Updatable { get; }

    /// <summary>The methods this resource answers, for the <c>Allow</c> header of a 405.</summary>
    public IEnumerable<string> Methods()
    {
        yield return HttpMethods.Get;
        if (Writes.HasFlag(QueryWriteKind.Update)) yield return HttpMethods.Patch;
        if (Writes.HasFlag(QueryWriteKind.Insert)) yield return HttpMethods.Post;
        if (Writes.HasFlag(QueryWriteKind.Delete)) yield return HttpMethods.Delete;
    }

    public QueryColumn? Column(string name) => _columns.GetValueOrDefault(name);

    public QueryRelationship? Relationship(string name) => _relationships.GetValueOrDefault(name);
}

/// <summary>What writes a resource accepts through the query interface, each with the domain rules of its handler.</summary>
[Flags]
public enum QueryWriteKind
{
    ReadOnly = 0,
    Update = 1,
    Insert = 2,
    Delete = 4,
}

/// <summary>
/// The resources of DESIGN.md section 7 with their allow-listed columns. Never exposed: customers.tax_id_protected
/// (personal data, encrypted), customers.subject (the sign-in link), customers.last_event_sequence and
/// premises.address_key (internal bookkeeping). A new table is one more registration here (escos and
/// customer_tariffs once they exist); its writes need a handler in <see cref="QueryWrites"/>.
/// </summary>
public static class QueryResources
{
    private static QueryColumn Col(string name, ColumnType type) => new(name, type);

    public static readonly QueryResource Customers = new(
        "customers", "id",
        [
            Col("id", ColumnType.Int64), Col("type", ColumnType.Text), Col("name", ColumnType.Text),
            Col("first_name", ColumnType.Text), Col("last_name", ColumnType.Text),
            Col("business_name", ColumnType.Text), Col("business_type", ColumnType.Text),
            Col("email", ColumnType.Text), Col("phone", ColumnType.Text),
            Col("contact_first_name", ColumnType.Text), Col("contact_last_name", ColumnType.Text), Col("contact_title", ColumnType.Text),
            Col("contact_email", ColumnType.Text), Col("contact_phone", ColumnType.Text),
            Col("status", ColumnType.Text), Col("created_at", ColumnType.Timestamp), Col("updated_at", ColumnType.Timestamp),
        ],
        [
            new("customer_accounts", "customer_accounts", "id", "customer", ToMany: true),
            new("accounts", "accounts", "id", "id", ToMany: true, new QueryJunction("customer_accounts", "customer", "account")),
            new("customer_tariffs", "customer_tariffs", "id", "customer", ToMany: true),
        ],
        auditColumn: "id", AuditKind.Customer,
        QueryWriteKind.Update | QueryWriteKind.Insert | QueryWriteKind.Delete,
        ["email", "phone", "name", "first_name", "last_name", "business_name", "status"]);

    public static readonly QueryResource CustomerAccounts = new(
        "customer_accounts", "customer",
        [Col("customer", ColumnType.Int64), Col("account", ColumnType.Int64), Col("role", ColumnType.Text), Col("created_at", ColumnType.Timestamp)],
        [
            new("account", "accounts", "account", "id", ToMany: false),
            new("accounts", "accounts", "account", "id", ToMany: false),
            new("customer", "customers", "customer", "id", ToMany: false),
            new("customers", "customers", "customer", "id", ToMany: false),
        ],
        auditColumn: "customer", AuditKind.Customer);

    public static readonly QueryResource Accounts = new(
        "accounts", "id",
        [
            Col("id", ColumnType.Int64), Col("account_number", ColumnType.Text), Col("nickname", ColumnType.Text),
            Col("type", ColumnType.Text), Col("status", ColumnType.Text),
            Col("created_at", ColumnType.Timestamp), Col("updated_at", ColumnType.Timestamp),
        ],
        [
            new("customer_accounts", "customer_accounts", "id", "account", ToMany: true),
            new("premises", "premises", "id", "account_id", ToMany: true),
            new("customers", "customers", "id", "id", ToMany: true, new QueryJunction("customer_accounts", "account", "customer")),
        ],
        auditColumn: "id", AuditKind.Account,
        QueryWriteKind.Update, ["nickname"]);

    public static readonly QueryResource Premises = new(
        "premises", "id",
        [
            Col("id", ColumnType.Int64), Col("account_id", ColumnType.Int64), Col("service_point_id", ColumnType.Int64),
            Col("esi_id", ColumnType.Text), Col("street", ColumnType.Text), Col("unit", ColumnType.Text), Col("city", ColumnType.Text),
            Col("state", ColumnType.Text), Col("zip", ColumnType.Text), Col("is_primary", ColumnType.Boolean),
            Col("nickname", ColumnType.Text), Col("esco_id", ColumnType.Int64), Col("created_at", ColumnType.Timestamp),
        ],
        [
            new("esco", "escos", "esco_id", "id", ToMany: false),
            new("escos", "escos", "esco_id", "id", ToMany: false),
            new("account", "accounts", "account_id", "id", ToMany: false),
            new("accounts", "accounts", "account_id", "id", ToMany: false),
            new("account_id", "accounts", "account_id", "id", ToMany: false),
        ],
        auditColumn: "account_id", AuditKind.Account,
        QueryWriteKind.Update, ["nickname"]);

    public static readonly QueryResource CustomerTariffs = new(
        "customer_tariffs", "customer",
        [
            Col("customer", ColumnType.Int64), Col("period_start", ColumnType.Date), Col("discount_rate_basis_points", ColumnType.Int32),
            Col("computed_unit_rate", ColumnType.Decimal), Col("computed_standing_charge", ColumnType.Decimal),
            Col("benchmark_tariff_id", ColumnType.Int64), Col("updated_at", ColumnType.Timestamp),
        ],
        [
            new("customer", "customers", "customer", "id", ToMany: false),
            new("customers", "customers", "customer", "id", ToMany: false),
        ],
        auditColumn: "customer", AuditKind.Customer);

    public static readonly QueryResource Escos = new(
        "escos", "id",
        [Col("id", ColumnType.Int64), Col("code", ColumnType.Text), Col("name", ColumnType.Text), Col("created_at", ColumnType.Timestamp)],
        [new("premises", "premises", "id", "esco_id", ToMany: true)],
        auditColumn: "id", AuditKind.None);

    public static readonly IReadOnlyDictionary<string, QueryResource> All =
        new[] { Customers, CustomerAccounts, Accounts, Premises, CustomerTariffs, Escos }.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static QueryResource? Find(string name) => All.GetValueOrDefault(name);
}
