using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Enrollment;

/// <summary>
/// Loads and saves the visitor's <see cref="EnrollmentDraft"/>. The visitor holds only a random token in an
/// HttpOnly cookie; the row is keyed by the token's hash and its answers are encrypted with Data Protection,
/// so neither a database reader nor a stolen row leads back to a browser. Drafts expire a day after their last change.
/// </summary>
public sealed class EnrollmentDraftStore(CustomerDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "enrollment-draft";
    private const string Purpose = "CustomerService.Portal.EnrollmentDraft.v1";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>The visitor's draft, or null when they have none (or it expired).</summary>
    public async Task<EnrollmentDraft?> LoadAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var token) || string.IsNullOrEmpty(token)) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var id = Key(token);
        var row = await db.Set<EnrollmentDraftRow>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.ExpiresAt > now, ct);
        if (row is null) return null;
        try
        {
            return JsonSerializer.Deserialize<EnrollmentDraft>(_protector.Unprotect(row.Payload), Json);
        }
        catch (CryptographicException)
        {
            return null; // encrypted with a key this service no longer has: start again rather than fail
        }
    }

    /// <summary>Saves the draft for the visitor, starting a new one (and its cookie) when they have none.</summary>
    public async Task SaveAsync(HttpContext http, EnrollmentDraft draft, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var payload = _protector.Protect(JsonSerializer.Serialize(draft, Json));
        var token = http.Request.Cookies.TryGetValue(CookieName, out var existing) && IsToken(existing) ? existing : null;
        var set = db.Set<EnrollmentDraftRow>();
        var id = token is null ? null : Key(token);
        var updated = id is null ? 0 : await set.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Payload, payload)
            .SetProperty(d => d.UpdatedAt, now)
            .SetProperty(d => d.ExpiresAt, now + Lifetime), ct);
        if (updated == 0)
        {
            token = NewToken();
            set.Add(new EnrollmentDraftRow { Id = Key(token), Payload = payload, CreatedAt = now, UpdatedAt = now, ExpiresAt = now + Lifetime });
            await db.SaveChangesAsync(ct);
            // Expired drafts hold personal data nobody will finish: remove them whenever a new journey starts (indexed).
            await set.Where(d => d.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        }
        http.Response.Cookies.Append(CookieName, token!, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/",
            MaxAge = Lifetime,
        });
    }

    /// <summary>Forgets the visitor's draft (after "Start again"), row and cookie.</summary>
    public async Task DiscardAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.Cookies.TryGetValue(CookieName, out var token) && IsToken(token))
        {
            var id = Key(token);
            await db.Set<EnrollmentDraftRow>().Where(d => d.Id == id).ExecuteDeleteAsync(ct);
        }
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
    }

    public static EnrollmentDraft New() => new() { IdempotencyKey = $"portal-{Guid.NewGuid():N}" };

    private static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static bool IsToken(string? value) => value is { Length: 43 };

    private static string Key(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
