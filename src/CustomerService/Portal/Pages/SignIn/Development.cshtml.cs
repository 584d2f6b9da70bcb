using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Pages.SignIn;

/// <summary>
/// The embedded default's sign-in (no OIDC provider configured): pick a customer and the portal opens a session as
/// that customer, as the development identity's token endpoint does for the API. Absent whenever Auth:Authority is set,
/// and the service refuses to start without one in Production.
/// </summary>
public sealed class DevelopmentModel(CustomerDbContext db, IServiceProvider services) : PageModel
{
    public const int Shown = 50;

    public sealed record DemoCustomer(long Id, string Name, string Email, string Type, string Status);

    public IReadOnlyList<DemoCustomer> Customers { get; private set; } = [];

    public int Total { get; private set; }

    public string ReturnUrl { get; private set; } = PortalAuthentication.DefaultReturnUrl;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "ReturnUrl")] string? returnUrl, CancellationToken ct)
    {
        if (!Enabled) return NotFound();
        ReturnUrl = PortalSignIn.LocalReturnUrl(returnUrl);
        Total = await db.Customers.CountAsync(ct);
        Customers = await db.Customers.AsNoTracking().OrderByDescending(c => c.Id).Take(Shown)
            .Select(c => new DemoCustomer(c.Id, c.Name, c.Email, c.Type, c.Status)).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] long customerId, [FromForm(Name = "ReturnUrl")] string? returnUrl, CancellationToken ct)
    {
        if (!Enabled) return NotFound();
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Subject, c.Email, c.Name }).FirstOrDefaultAsync(ct);
        if (customer is null) return NotFound();
        // The same subject the development token endpoint uses, so the API and the portal see one identity.
        await PortalSignIn.SignInAsync(HttpContext, customer.Subject ?? $"dev-customer-{customerId}", customer.Email, emailVerified: true, customer.Name);
        return LocalRedirect(PortalSignIn.LocalReturnUrl(returnUrl));
    }

    private bool Enabled => services.GetService<DevelopmentIdentity>() is not null;
}
