using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.BackOffice.Query;

/// <summary>
/// What the query interface's writable columns mean, written through the features' own rules and entities: customers
/// (PATCH email, phone, name, first_name, last_name, business_name, status — the profile's contact rules and the
/// lifecycle, 409 listing the allowed moves; POST individuals, created onboarding; DELETE of customers who hold no
/// account), accounts and premises (PATCH nickname, recorded in the account holder's stream). Every change keeps a
/// change-log row and records its event; refusals come back in PostgREST's error shape.
/// </summary>
public sealed class QueryRowWriters(CustomerDbContext db, TimeProvider time)
{
    private static readonly string[] Insertable = ["email", "phone", "name", "first_name", "last_name", "type", "status"];

    /// <summary>Creates one individual per JSON object, or none when any is refused.</summary>
    public async Task<(List<long>? Keys, PgrstError? Error)> CreateCustomersAsync(IReadOnlyList<JsonElement> objects, QueryResource resource, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var created = new List<Customer>();
        foreach (var o in objects)
        {
            foreach (var property in o.EnumerateObject())
            {
                if (resource.Column(property.Name) is null) return (null, PgrstError.UnknownBodyColumn(resource.Name, property.Name));
                if (!Insertable.Contains(property.Name)) return (null, PgrstError.PermissionDenied(resource.Name, property.Name, Insertable));
            }
            var (customer, error) = NewCustomer(o, now);
            if (error is not null) return (null, error);
            created.Add(customer!);
        }
        db.Customers.AddRange(created);
        if (await SaveAsync(ct) is { } conflict) return (null, conflict);
        foreach (var c in created)
        {
            db.LogChange(c.Id, "created", actor, now, null, new { email = c.Email, name = c.Name, phone = c.Phone, status = c.Status });
            db.Record(c.Id, new CustomerCreatedEvent(c.Id, c.Type, c.Name, c.Email, c.Phone, c.Status, now));
        }
        await db.SaveChangesAsync(ct);
        return (created.Select(c => c.Id).ToList(), null);
    }

    /// <summary>CustomerDeleted for each customer about to be deleted, committed with the deletion.</summary>
    public async Task RecordDeletedAsync(IReadOnlyList<long> keys, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var id in keys)
            db.Record(id, new CustomerDeletedEvent(id, now));
        await db.SaveChangesAsync(ct);
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
        var text = value.GetString()!;
        if (text.Contains('\0', StringComparison.Ordinal)) return (null, QueryValues.NulByte());
        // The service's one text rule (Common.Text), answered as the check constraint PostgREST users know.
        if (Common.Text.Refusal(text) is { } why)
            return (null, new PgrstError(StatusCodes.Status400BadRequest, "23514", $"new row for relation \"{table}\" violates check constraint \"{table}_{column}_check\"", $"{column} {why}"));
        text = text.Trim();
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
        var phone = Get("phone", 40, out var e2);
        if (e2 is not null) return (null, e2);
        var first = Get("first_name", 100, out var e3);
        var last = Get("last_name", 100, out var e4);
        var name = Get("name", 200, out var e5);
        var business = Get("business_name", 200, out var e6);
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

    public async Task<PgrstError?> UpdateCustomersAsync(List<long> keys, Dictionary<string, JsonElement> changes, string actor, CancellationToken ct)
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
            // The name column is a business's business_name, or an individual's first and last name.
            string? first = v.FirstName, last = v.LastName, business = v.BusinessName;
            if (c.Type == CustomerTypes.Business) business ??= v.Name;
            else if (v.Name is not null && first is null && last is null)
            {
                (first, last) = SplitName(v.Name);
                if (first is null) return Check("name", "name is a first and a last name, e.g. John Doe.");
            }
            // The profile's own contact rules, so a change here is judged as the customer's own would be.
            var errors = new ValidationErrors();
            var change = CustomerProfile.Validate(new UpdateCustomerRequest { FirstName = first, LastName = last, BusinessName = business, Email = v.Email, Phone = v.Phone }, c, errors);
            if (errors.ToDictionary().FirstOrDefault() is { Key: { } path, Value: [var message, ..] })
                return Check(CustomerService.Infrastructure.Data.CustomerDbContext.SnakeCase(path), $"Customer {c.Id}: {message}");
            CustomerProfile.Apply(db, c, change, actor, now);
            if (v.Status is not null && v.Status != c.Status)
                CustomerStatusChanges.Move(db, c, v.Status, actor, "back office", now);
        }
        return await SaveAsync(ct);
    }

    public async Task<PgrstError?> UpdateAccountsAsync(List<long> keys, Dictionary<string, JsonElement> changes, CancellationToken ct)
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

    public async Task<PgrstError?> UpdatePremisesAsync(List<long> keys, Dictionary<string, JsonElement> changes, CancellationToken ct)
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
        if (!Common.Email.TryParse(v.Email, out var email)) return (null, Check("email", "Enter an email address like name@example.com."));
        if (!PhoneNumber.TryParse(v.Phone, out var phone)) return (null, Check("phone", "A US phone number has 10 digits, e.g. (555) 123-4567."));
        return (Customer.CreateIndividual(first, last, email.Value, phone.Formatted, now), null);
    }
}
