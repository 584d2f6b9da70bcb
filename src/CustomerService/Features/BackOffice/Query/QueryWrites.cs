using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// PATCH, POST and DELETE through the query interface. Rows are chosen by the request's filters (one parameterized
/// statement, locked FOR UPDATE on PostgreSQL) and then changed through the entities and the same domain paths the
/// rest of the service uses, so writes here keep every rule: emails normalized and unique, US phone numbers,
/// lifecycle moves only along <see cref="CustomerLifecycle"/> (409 listing the allowed ones), a change-log row and an
/// outbox event per changed customer. What each resource accepts:
/// customers — PATCH email, phone, name, first_name, last_name, business_name, status; POST (individuals, created
/// onboarding); DELETE of customers who hold no account. accounts and premises — PATCH nickname.
/// customer_accounts is read-only here: account parties change through their own endpoints, which keep the
/// occupier invariants.
/// </summary>
public sealed class QueryWrites(CustomerDbContext db, QueryAccessLog log, TimeProvider time)
{
    private static readonly string[] Insertable = ["email", "phone", "name", "first_name", "last_name", "type", "status"];

    public async Task<IResult> UpdateAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Update)) return Unsupported(resource, "PATCH");
        var (query, error) = ParseFilters(resource, http, "UPDATE");
        if (error is not null) return QueryResponses.Error(error);
        var (body, bodyError) = await ReadBodyAsync(http, ct);
        if (bodyError is not null) return QueryResponses.Error(bodyError);
        if (body!.Value.ValueKind != JsonValueKind.Object) return QueryResponses.Error(PgrstError.InvalidBody("A PATCH body is one JSON object of the columns to set."));
        var changes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.Value.EnumerateObject())
        {
            if (resource.Column(property.Name) is null) return QueryResponses.Error(PgrstError.UnknownBodyColumn(resource.Name, property.Name));
            if (!resource.Updatable.Contains(property.Name)) return QueryResponses.Error(PgrstError.PermissionDenied(resource.Name, property.Name, resource.Updatable));
            changes[property.Name] = property.Value;
        }

        var user = CurrentUser.From(http.User)!;
        var actor = $"staff:{user.Subject}";
        var postgres = db.IsPostgres();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var keys = await QueryDatabase.KeysAsync(db, QuerySql.Keys(resource, query!, postgres).Statement!, ct);
        var failure = resource.Name switch
        {
            "customers" => await UpdateCustomersAsync(keys, changes, actor, ct),
            "accounts" => await UpdateAccountsAsync(keys, changes, ct),
            "premises" => await UpdatePremisesAsync(keys, changes, ct),
            _ => PgrstError.PermissionDenied(resource.Name, changes.Keys.FirstOrDefault() ?? resource.PrimaryKey, []),
        };
        if (failure is not null) return QueryResponses.Error(failure);

        var singular = QueryResponses.WantsSingular(http.Request);
        if (singular && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));
        return await FinishAsync(resource, http, query!, keys, StatusCodes.Status200OK, StatusCodes.Status204NoContent, tx, ct);
    }

    public async Task<IResult> InsertAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Insert)) return Unsupported(resource, "POST");
        var parsed = QueryParser.Parse(http.Request.Query);
        if (parsed.Error is not null) return QueryResponses.Error(parsed.Error);
        if (QuerySql.Validate(resource, parsed.Query!) is { } invalid) return QueryResponses.Error(invalid);
        var (body, bodyError) = await ReadBodyAsync(http, ct);
        if (bodyError is not null) return QueryResponses.Error(bodyError);
        var objects = body!.Value.ValueKind switch
        {
            JsonValueKind.Object => [body.Value],
            JsonValueKind.Array when body.Value.GetArrayLength() <= 1000 => body.Value.EnumerateArray().ToList(),
            _ => null,
        };
        if (objects is null || objects.Count == 0 || objects.Any(o => o.ValueKind != JsonValueKind.Object))
            return QueryResponses.Error(PgrstError.InvalidBody("A POST body is a JSON object, or an array of up to 1000 objects."));

        var user = CurrentUser.From(http.User)!;
        var now = time.GetUtcNow().UtcDateTime;
        var created = new List<Customer>();
        foreach (var o in objects)
        {
            foreach (var property in o.EnumerateObject())
            {
                if (resource.Column(property.Name) is null) return QueryResponses.Error(PgrstError.UnknownBodyColumn(resource.Name, property.Name));
                if (!Insertable.Contains(property.Name)) return QueryResponses.Error(PgrstError.PermissionDenied(resource.Name, property.Name, Insertable));
            }
            var (customer, error) = NewCustomer(o, now);
            if (error is not null) return QueryResponses.Error(error);
            created.Add(customer!);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Customers.AddRange(created);
        if (await SaveAsync(ct) is { } conflict) return QueryResponses.Error(conflict);
        foreach (var c in created)
        {
            db.CustomerChanges.Add(new CustomerChange
            {
                CustomerId = c.Id, Change = "created", Actor = $"staff:{user.Subject}", OccurredAt = now,
                NewValues = JsonSerializer.Serialize(new { email = c.Email, name = c.Name, phone = c.Phone, status = c.Status }),
            });
            db.Record(c.Id, new CustomerCreatedEvent(c.Id, c.Type, c.Name, c.Email, c.Phone, c.Status, now));
        }
        await db.SaveChangesAsync(ct);
        var keys = created.Select(c => c.Id).ToList();
        if (QueryResponses.WantsSingular(http.Request) && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));
        return await FinishAsync(resource, http, parsed.Query!, keys, StatusCodes.Status201Created, StatusCodes.Status201Created, tx, ct);
    }

    public async Task<IResult> DeleteAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Delete)) return Unsupported(resource, "DELETE");
        var (query, error) = ParseFilters(resource, http, "DELETE");
        if (error is not null) return QueryResponses.Error(error);
        var postgres = db.IsPostgres();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var keys = await QueryDatabase.KeysAsync(db, QuerySql.Keys(resource, query!, postgres).Statement!, ct);
        if (QueryResponses.WantsSingular(http.Request) && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));

        var holders = await db.AccountParties.Where(p => keys.Contains(p.Customer)).Select(p => p.Customer).Distinct().OrderBy(c => c).Take(10).ToListAsync(ct);
        if (holders.Count > 0) return QueryResponses.Error(StillReferenced(holders, "customer_accounts"));

        // Read what is about to go before it goes, for return=representation.
        var representation = QueryResponses.WantsRepresentation(http.Request)
            ? await QueryDatabase.RowsAsync(db, QuerySql.Rows(resource, query!, postgres, null, 0, keys).Statement!, ct)
            : [];
        await log.RecordAsync(resource, http, keys, ct); // the service-log line; the access-log rows go with the customer (cascade)
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var id in keys)
            db.Record(id, new CustomerDeletedEvent(id, now));
        await db.SaveChangesAsync(ct);
        try
        {
            foreach (var chunk in keys.Chunk(500))
                await db.Customers.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }
        catch (Exception ex) when (QueryDatabase.IsForeignKeyViolation(ex))
        {
            return QueryResponses.Error(StillReferenced(keys.Take(10).ToList(), "contracts or enrollments"));
        }
        await tx.CommitAsync(ct);
        http.Response.Headers.ContentRange = QueryResponses.ContentRange(0, keys.Count, null);
        return QueryResponses.WantsRepresentation(http.Request)
            ? QueryResponses.Rows(representation, QueryResponses.WantsSingular(http.Request), StatusCodes.Status200OK)
            : Results.NoContent();
    }

    private static PgrstError StillReferenced(IReadOnlyList<long> customers, string table) =>
        new(StatusCodes.Status409Conflict, "23503",
            $"update or delete on table \"customers\" violates foreign key constraint on table \"{table}\"",
            $"Key (id)=({string.Join(", ", customers)}) is still referenced from table \"{table}\".",
            "A customer who holds accounts cannot be deleted. Remove their roles on accounts first, or close the customer through the lifecycle (inactive → closed).");

    private static (ReadQuery? Query, PgrstError? Error) ParseFilters(QueryResource resource, HttpContext http, string verb)
    {
        var parsed = QueryParser.Parse(http.Request.Query);
        if (parsed.Error is not null) return (null, parsed.Error);
        if (parsed.Query!.Filters.Count == 0) return (null, PgrstError.WhereRequired(verb));
        return (parsed.Query, QuerySql.Validate(resource, parsed.Query));
    }

    private static IResult Unsupported(QueryResource resource, string method) =>
        QueryResponses.Error(new PgrstError(StatusCodes.Status405MethodNotAllowed, "PGRST117", $"Unsupported HTTP method: {method} on {resource.Name}", null,
            resource.Name == "customer_accounts"
                ? "Account parties are added and removed through the account-party endpoints, which keep every account's occupier."
                : $"{resource.Name} accepts {string.Join(", ", Methods(resource))} here."));

    private static IEnumerable<string> Methods(QueryResource resource)
    {
        yield return "GET";
        if (resource.Writes.HasFlag(QueryWriteKind.Update)) yield return $"PATCH ({string.Join(", ", resource.Updatable)})";
        if (resource.Writes.HasFlag(QueryWriteKind.Insert)) yield return "POST";
        if (resource.Writes.HasFlag(QueryWriteKind.Delete)) yield return "DELETE";
    }

    private static async Task<(JsonElement? Body, PgrstError? Error)> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (null, PgrstError.InvalidBody("Empty or invalid json"));
        }
    }

    /// <summary>Saves; a unique violation is PostgREST's 23505 conflict.</summary>
    private async Task<PgrstError?> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return new PgrstError(StatusCodes.Status409Conflict, "23505",
                $"duplicate key value violates unique constraint \"{CustomerConfiguration.Constraints.CustomerEmail}\"",
                "Key (email) already exists.", "Another customer already uses this email address.");
        }
    }

    /// <summary>Audit, the representation if asked for, commit, and the response.</summary>
    private async Task<IResult> FinishAsync(
        QueryResource resource, HttpContext http, ReadQuery query, List<long> keys, int representationStatus, int minimalStatus,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        var auditKeys = resource.AuditColumn == resource.PrimaryKey
            ? keys
            : await QueryDatabase.RowsAsync(db, QuerySql.Rows(resource, query, db.IsPostgres(), null, 0, keys).Statement!, ct) is var r ? r.Select(x => x.AuditKey).ToList() : keys;
        await log.RecordAsync(resource, http, auditKeys, ct);
        var rows = QueryResponses.WantsRepresentation(http.Request)
            ? await QueryDatabase.RowsAsync(db, QuerySql.Rows(resource, query, db.IsPostgres(), null, 0, keys).Statement!, ct)
            : null;
        await tx.CommitAsync(ct);
        http.Response.Headers.ContentRange = QueryResponses.ContentRange(0, keys.Count, null);
        return rows is null
            ? Results.StatusCode(minimalStatus)
            : QueryResponses.Rows(rows, QueryResponses.WantsSingular(http.Request), representationStatus);
    }

    private static PgrstError Check(string column, string details) =>
        new(StatusCodes.Status400BadRequest, "23514", $"new row for relation \"customers\" violates check constraint \"customers_{column}_check\"", details);

    private static PgrstError NotNull(string table, string column) =>
        new(StatusCodes.Status400BadRequest, "23502", $"null value in column \"{column}\" of relation \"{table}\" violates not-null constraint");

    /// <summary>A JSON string, trimmed; null for JSON null; an error for anything else or an over-long value.</summary>
    private static (string? Value, PgrstError? Error) Text(string table, string column, JsonElement value, int maxLength, bool required)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return required ? (null, NotNull(table, column)) : (null, null);
        if (value.ValueKind != JsonValueKind.String)
            return (null, PgrstError.InvalidValue("text", value.GetRawText()) with { Details = $"{column} is a JSON string." });
        var text = value.GetString()!.Trim();
        if (text.Contains('\0', StringComparison.Ordinal)) return (null, QueryValues.NulByte());
        if (text.Length == 0)
            return required ? (null, Check(column, $"{column} cannot be empty.")) : (null, null);
        if (text.Length > maxLength)
            return (null, new PgrstError(StatusCodes.Status400BadRequest, "22001", $"value too long for type character varying({maxLength})", $"{column} holds at most {maxLength} characters."));
        return (text, null);
    }

    private sealed record CustomerValues(string? Email, string? Phone, string? FirstName, string? LastName, string? Name, string? BusinessName, string? Status);

    private static (CustomerValues? Values, PgrstError? Error) ReadCustomerValues(IReadOnlyDictionary<string, JsonElement> changes)
    {
        string? Get(string column, int max, out PgrstError? error)
        {
            error = null;
            if (!changes.TryGetValue(column, out var value)) return null;
            (var text, error) = Text("customers", column, value, max, required: true);
            return text;
        }
        var email = Get("email", 254, out var e1);
        if (e1 is not null) return (null, e1);
        if (email is not null)
        {
            if (!Common.Email.TryParse(email, out var parsed)) return (null, Check("email", "Enter an email address like name@example.com."));
            email = parsed.Value;
        }
        var phone = Get("phone", 40, out var e2);
        if (e2 is not null) return (null, e2);
        if (phone is not null)
        {
            if (!PhoneNumber.TryParse(phone, out var parsed)) return (null, Check("phone", "A US phone number has 10 digits, e.g. (555) 123-4567."));
            phone = parsed.Formatted;
        }
        var first = Get("first_name", 100, out var e3);
        var last = Get("last_name", 100, out var e4);
        var name = Get("name", 200, out var e5);
        var business = Get("business_name", 100, out var e6);
        var status = Get("status", 20, out var e7);
        if ((e3 ?? e4 ?? e5 ?? e6 ?? e7) is { } e) return (null, e);
        if (status is not null && !CustomerLifecycle.All.Contains(status))
            return (null, Check("status", $"status is one of {string.Join(", ", CustomerLifecycle.All)}."));
        return (new CustomerValues(email, phone, first, last, name, business, status), null);
    }

    /// <summary>"Mary Ann Smith" → first "Mary Ann", last "Smith": the last word is the last name.</summary>
    private static (string? First, string? Last) SplitName(string name)
    {
        var space = name.LastIndexOf(' ');
        return space <= 0 ? (null, null) : (name[..space].Trim(), name[(space + 1)..].Trim());
    }

    private async Task<PgrstError?> UpdateCustomersAsync(List<long> keys, Dictionary<string, JsonElement> changes, string actor, CancellationToken ct)
    {
        var (values, error) = ReadCustomerValues(changes);
        if (error is not null) return error;
        var v = values!;
        var customers = new List<Customer>();
        foreach (var chunk in keys.Chunk(500))
            customers.AddRange(await db.Customers.Where(c => chunk.Contains(c.Id)).ToListAsync(ct));

        // Every lifecycle move is checked before anything changes, so one refused move changes nothing.
        if (v.Status is not null)
        {
            var refused = customers.Where(c => c.Status != v.Status && !CustomerLifecycle.CanMove(c.Status, v.Status)).ToList();
            if (refused.Count > 0)
            {
                var c = refused[0];
                var allowed = CustomerLifecycle.AllowedFrom(c.Status);
                return new PgrstError(StatusCodes.Status409Conflict, "PT409",
                    $"Customer {c.Id} cannot move from {c.Status} to {v.Status}.",
                    $"Allowed from {c.Status}: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}." +
                    (refused.Count > 1 ? $" {refused.Count} of the selected customers cannot make this move." : ""),
                    "The lifecycle is onboarding → prelive → live ⇄ inactive → closed.");
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var c in customers)
        {
            string? first = v.FirstName, last = v.LastName, business = v.BusinessName;
            if (c.Type == CustomerTypes.Business)
            {
                if (first is not null || last is not null)
                    return Check("name", $"Customer {c.Id} is a business: it has a business_name, and its contact person changes through /api/customer.");
                business ??= v.Name;
            }
            else
            {
                if (business is not null) return Check("business_name", $"Customer {c.Id} is an individual and has no business_name.");
                if (v.Name is not null && first is null && last is null)
                {
                    (first, last) = SplitName(v.Name);
                    if (first is null) return Check("name", "name is a first and a last name, e.g. John Doe.");
                }
            }
            var (before, after) = c.UpdateContact(new ContactChange(first, last, business, v.Email ?? c.Email, v.Phone ?? c.Phone, null), now);
            if (after.Count > 0)
            {
                db.CustomerChanges.Add(new CustomerChange
                {
                    CustomerId = c.Id, Change = "profile", Actor = actor, OccurredAt = now,
                    OldValues = JsonSerializer.Serialize(before), NewValues = JsonSerializer.Serialize(after),
                });
            }
            if (v.Status is not null && v.Status != c.Status)
                CustomerStatusChanges.Move(db, c, v.Status, actor, "back office", now);
        }
        return await SaveAsync(ct);
    }

    private async Task<PgrstError?> UpdateAccountsAsync(List<long> keys, Dictionary<string, JsonElement> changes, CancellationToken ct)
    {
        if (!changes.TryGetValue("nickname", out var value)) return null;
        var (nickname, error) = Text("accounts", "nickname", value, 100, required: false);
        if (error is not null) return error;
        var now = time.GetUtcNow().UtcDateTime;
        var holders = await AccountHolders.OfAsync(db, keys, ct);
        foreach (var chunk in keys.Chunk(500))
        {
            foreach (var account in await db.Accounts.Where(a => chunk.Contains(a.Id)).ToListAsync(ct))
            {
                if (account.Nickname == nickname) continue;
                account.Nickname = nickname;
                account.UpdatedAt = now;
                if (holders.TryGetValue(account.Id, out var holder))
                    db.Record(holder, new AccountUpdatedEvent(account.Id, account.AccountNumber, nickname, now));
            }
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    private async Task<PgrstError?> UpdatePremisesAsync(List<long> keys, Dictionary<string, JsonElement> changes, CancellationToken ct)
    {
        if (!changes.TryGetValue("nickname", out var value)) return null;
        var (nickname, error) = Text("premises", "nickname", value, 100, required: false);
        if (error is not null) return error;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var chunk in keys.Chunk(500))
        {
            var premises = await db.Premises.Where(p => chunk.Contains(p.Id)).ToListAsync(ct);
            var holders = await AccountHolders.OfAsync(db, premises.Select(p => p.AccountId).Distinct().ToList(), ct);
            foreach (var premise in premises)
            {
                if (premise.Nickname == nickname) continue;
                premise.Nickname = nickname;
                if (holders.TryGetValue(premise.AccountId, out var holder))
                    db.Record(holder, new PremiseUpdatedEvent(premise.Id, premise.AccountId, nickname, premise.IsPrimary, now));
            }
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Each account's first occupier: the customer whose event stream records a change to the account.</summary>
    private static (Customer? Customer, PgrstError? Error) NewCustomer(JsonElement o, DateTime now)
    {
        var changes = o.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        if (changes.TryGetValue("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == CustomerTypes.Individual))
            return (null, Check("type", "Only individual customers are created here; businesses enroll through POST /api/enrollment, which records their EIN."));
        var (values, error) = ReadCustomerValues(changes);
        if (error is not null) return (null, error);
        var v = values!;
        if (v.Email is null) return (null, NotNull("customers", "email"));
        if (v.Phone is null) return (null, NotNull("customers", "phone"));
        if (v.Status is not null && v.Status != CustomerLifecycle.Onboarding)
            return (null, Check("status", "A customer is created onboarding and then moves along the lifecycle (onboarding → prelive → live) with PATCH."));
        if (v.BusinessName is not null) return (null, Check("business_name", "An individual has no business_name."));
        var (first, last) = (v.FirstName, v.LastName);
        if (v.Name is not null && first is null && last is null) (first, last) = SplitName(v.Name);
        if (first is null || last is null)
            return (null, v.Name is null && first is null ? NotNull("customers", "name") : Check("name", "name is a first and a last name, e.g. John Doe (or give first_name and last_name)."));
        return (Customer.CreateIndividual(first, last, v.Email, v.Phone, now), null);
    }
}

