using System.Security.Cryptography;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.Enrollment;

/// <summary>An enrollment's Idempotency-Key with the hash of the request it came with.</summary>
public sealed record IdempotencyKey(string Value, string RequestHash);

/// <summary>
/// The Idempotency-Key of an enrollment: a retry with the key and the same request is answered as the first request
/// was, a key reused for another request is refused. The key is written in the enrollment's transaction, so it
/// is remembered with the enrollment or not at all.
/// </summary>
public sealed class EnrollmentIdempotency(CustomerDbContext db, IOptions<JsonOptions> json)
{
    /// <summary>
    /// The key with a hash of the request as the server understood it, and of who sent it: a key replayed by someone
    /// else never matches. The hashed object's member names are part of the hashes already remembered.
    /// </summary>
    public IdempotencyKey For(string key, EnrollmentRequest request, long? signedInCustomerId, string? scope = null) => new(key,
        Convert.ToHexStringLower(SHA256.HashData(scope is null
            ? JsonSerializer.SerializeToUtf8Bytes(new { request, signedInCustomerId }, json.Value.SerializerOptions)
            : JsonSerializer.SerializeToUtf8Bytes(new { request, signedInCustomerId, scope }, json.Value.SerializerOptions))));

    /// <summary>The answer to the first request with this key, or null when there was none.</summary>
    public async Task<EnrollmentOutcome?> PriorOutcomeAsync(IdempotencyKey key, CancellationToken ct)
    {
        var prior = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Key == key.Value, ct);
        if (prior is null) return null;
        if (prior.RequestHash != key.RequestHash) return new EnrollmentOutcome.KeyReusedWithDifferentBody(key.Value);
        var response = JsonSerializer.Deserialize<EnrollmentResponse>(prior.ResponseBody!, json.Value.SerializerOptions)!;
        return new EnrollmentOutcome.Enrolled(response, Replayed: true);
    }

    /// <summary>
    /// Keeps the key with the response, to be committed with the enrollment it answers. The caller looked for a first
    /// request with the key before (<see cref="PriorOutcomeAsync"/>); a concurrent one that commits first makes this
    /// insert fail on the key (<see cref="LostRace"/>), after waiting for it on PostgreSQL.
    /// </summary>
    public void Remember(IdempotencyKey key, EnrollmentResponse response, DateTime now) => db.IdempotencyKeys.Add(new IdempotencyRecord
    {
        Key = key.Value,
        RequestHash = key.RequestHash,
        CreatedAt = now,
        StatusCode = StatusCodes.Status201Created,
        ResponseBody = JsonSerializer.Serialize(response, json.Value.SerializerOptions),
    });

    /// <summary>Whether the enrollment failed because a concurrent request with the same key committed first.</summary>
    public static bool LostRace(DbUpdateException ex) =>
        DbErrors.IsUniqueViolation(ex, "PK_idempotency_keys")
        // SQLite names no constraint; its message names the column.
        || ex.InnerException is Microsoft.Data.Sqlite.SqliteException sqlite && DbErrors.IsUniqueViolation(sqlite)
           && sqlite.Message.Contains("idempotency_keys.key", StringComparison.Ordinal);

    /// <summary>After <see cref="LostRace"/>: the answer the request that won gave.</summary>
    public async Task<EnrollmentOutcome> WinnersOutcomeAsync(IdempotencyKey key, DbUpdateException ex, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await PriorOutcomeAsync(key, ct) ?? throw new InvalidOperationException("Idempotency record vanished.", ex);
    }
}
