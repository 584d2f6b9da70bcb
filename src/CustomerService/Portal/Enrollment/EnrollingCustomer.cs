using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Enrollment;

/// <summary>
/// The customer signed in to the portal while using Start service. The enrollment then adds an account, premise and
/// contract to them (DESIGN.md: a signed-in customer may enroll again) instead of creating a customer, so the
/// contact step shows their details on file rather than asking again.
/// </summary>
public sealed record EnrollingCustomer(long Id, string Type, string Name, string Email, string Phone);

/// <summary>Finds the <see cref="EnrollingCustomer"/> of the request's portal session (Start service pages are public, so the session is optional).</summary>
public sealed class EnrollingCustomers(CustomerLinks links, CustomerDbContext db)
{
    public async Task<EnrollingCustomer?> ForSessionAsync(HttpContext http, CancellationToken ct)
    {
        var session = await http.AuthenticateAsync(PortalAuthentication.CookieScheme);
        if (!session.Succeeded || CurrentUser.From(session.Principal!) is not { } user) return null;
        // A sign-in linked to no customer enrolls as a new customer, like a visitor.
        if (await links.LinkedCustomerAsync(user, ct) is not { } id) return null;
        return await db.Customers.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new EnrollingCustomer(c.Id, c.Type, c.Name, c.Email, c.Phone)).FirstAsync(ct);
    }
}
