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
/// The PostgREST protocol of PATCH, POST and DELETE on the query interface: the verbs each resource allows, filters
/// that choose the rows (one parameterized statement, locked FOR UPDATE on PostgreSQL), JSON bodies, Prefer
/// return=representation, singular responses, the audit and PostgREST's error shape. What the columns mean and the
/// rules they keep are <see cref="QueryRowWriters"/>'s. customer_accounts is read-only here: account parties change
/// through their own endpoints, which keep the occupier invariants.
/// </summary>
public sealed class QueryWrites(CustomerDbContext db, QueryAccessLog log, QueryRowWriters rows)
{
    public async Task<IResult> UpdateAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Update)) return QueryResponses.Unsupported(resource, http);
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
        return await db.InTransactionAsync<IResult>(async (tx, ct) =>
        {
            var keys = await QueryDatabase.KeysAsync(db, QuerySql.Keys(resource, query!, postgres).Statement!, ct);
            var failure = resource.Name switch
            {
                "customers" => await rows.UpdateCustomersAsync(keys, changes, actor, ct),
                "accounts" => await rows.UpdateAccountsAsync(keys, changes, ct),
                "premises" => await rows.UpdatePremisesAsync(keys, changes, ct),
                _ => PgrstError.PermissionDenied(resource.Name, changes.Keys.FirstOrDefault() ?? resource.PrimaryKey, []),
            };
            if (failure is not null) return QueryResponses.Error(failure);

            var singular = QueryResponses.WantsSingular(http.Request);
            if (singular && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));
            return await FinishAsync(resource, http, query!, keys, StatusCodes.Status200OK, StatusCodes.Status204NoContent, tx, ct);
        }, ct);
    }

    public async Task<IResult> InsertAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Insert)) return QueryResponses.Unsupported(resource, http);
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
        return await db.InTransactionAsync<IResult>(async (tx, ct) =>
        {
            var (created, failure) = await rows.CreateCustomersAsync(objects, resource, $"staff:{user.Subject}", ct);
            if (failure is not null) return QueryResponses.Error(failure);
            var keys = created!;
            if (QueryResponses.WantsSingular(http.Request) && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));
            return await FinishAsync(resource, http, parsed.Query!, keys, StatusCodes.Status201Created, StatusCodes.Status201Created, tx, ct);
        }, ct);
    }

    public async Task<IResult> DeleteAsync(QueryResource resource, HttpContext http, CancellationToken ct)
    {
        if (!resource.Writes.HasFlag(QueryWriteKind.Delete)) return QueryResponses.Unsupported(resource, http);
        var (query, error) = ParseFilters(resource, http, "DELETE");
        if (error is not null) return QueryResponses.Error(error);
        var postgres = db.IsPostgres();
        return await db.InTransactionAsync<IResult>(async (tx, ct) =>
        {
            var keys = await QueryDatabase.KeysAsync(db, QuerySql.Keys(resource, query!, postgres).Statement!, ct);
            if (QueryResponses.WantsSingular(http.Request) && keys.Count != 1) return QueryResponses.Error(PgrstError.Singular(keys.Count));

            var holders = await db.AccountParties.Where(p => keys.Contains(p.Customer)).Select(p => p.Customer).Distinct().OrderBy(c => c).Take(10).ToListAsync(ct);
            if (holders.Count > 0) return QueryResponses.Error(StillReferenced(holders, "customer_accounts"));

            // Read what is about to go before it goes, for return=representation.
            var representation = QueryResponses.WantsRepresentation(http.Request)
                ? await QueryDatabase.RowsAsync(db, QuerySql.Rows(resource, query!, postgres, null, 0, keys).Statement!, ct)
                : [];
            await log.RecordAsync(resource, http, keys, ct); // the service-log line; the access-log rows go with the customer (cascade)
            await rows.RecordDeletedAsync(keys, ct);
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
        }, ct);
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

    private static async Task<(JsonElement? Body, PgrstError? Error)> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, ct);
            if (!IsValidUnicode(document.RootElement))
                return (null, new PgrstError(StatusCodes.Status400BadRequest, "22P02", "invalid input syntax for type json", "Unicode low surrogate must follow a high surrogate."));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (null, PgrstError.InvalidBody("Empty or invalid json"));
        }
    }

    /// <summary>Whether every name and string of the body reads as text: a lone surrogate escape (\ud800) does not.</summary>
    private static bool IsValidUnicode(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && IsValidUnicode(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(IsValidUnicode),
                JsonValueKind.String => element.GetString() is not null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Audit, the representation if asked for, commit, and the response.</summary>
    private async Task<IResult> FinishAsync(
        QueryResource resource, HttpContext http, ReadQuery query, List<long> keys, int representationStatus, int minimalStatus,
        UnitOfWork tx, CancellationToken ct)
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
}
