using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Infrastructure.Auth;

/// <summary>Finds the customer a token's subject is linked to, linking it on first sight by verified email (DESIGN.md section 5).</summary>
public sealed class CustomerLinks(CustomerDbContext db, TimeProvider time)
{
    /// <summary>A signed-in user no customer is linked to (yet).</summary>
    public static readonly Refusal NotLinked = Refusal.NotFound("No customer is linked to this sign-in",
        "Your sign-in is not linked to a customer yet. Sign in with the verified email address you enrolled with, " +
        "or accept the portal invitation your energy retailer sent you; if you have not enrolled yet, start service first.");

    /// <summary>One sub ↔ one customer. The first time a sub is seen it is linked to the customer whose email is the token's verified email.</summary>
    public async Task<long?> LinkedCustomerAsync(CurrentUser user, CancellationToken ct)
    {
        var linked = await db.Customers.Where(c => c.Subject == user.Subject).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (linked is not null || !user.EmailVerified || !Email.TryParse(user.Email, out var email)) return linked;

        var candidate = await db.Customers.Where(c => c.Email == email.Value && c.Subject == null).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (candidate is null) return null;
        // Conditional, so two first requests at once link once; the unique index on subject guards the other direction.
        var updated = await db.Customers.Where(c => c.Id == candidate && c.Subject == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Subject, user.Subject), ct);
        if (updated == 1)
        {
            db.LogChange(candidate.Value, "identity-linked", user.Subject, time.GetUtcNow().UtcDateTime, null, new { subject = user.Subject, by = "verified-email" });
            await db.SaveChangesAsync(ct);
        }
        return await db.Customers.Where(c => c.Subject == user.Subject).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }

}
