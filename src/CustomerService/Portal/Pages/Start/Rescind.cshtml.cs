using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Start;

/// <summary>
/// Rescinding a switch (the confirmation page links here): a visitor gives the confirmation number and the email they
/// enrolled with; a signed-in customer needs only the number. The same use case as POST /api/enrollment/{number}/rescind.
/// </summary>
public sealed class RescindModel(CustomerDbContext db, ServiceCalendar calendar, CustomerLinks links) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ConfirmationNumber { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public bool SignedIn { get; private set; }

    public RescindEnrollmentResponse? Rescinded { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        SignedIn = await SignedInCustomerAsync(ct) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var customerId = await SignedInCustomerAsync(ct);
        SignedIn = customerId is not null;
        var errors = new ValidationErrors();
        Text.Required(ConfirmationNumber, "confirmationNumber", "Confirmation number", 30, errors);
        if (!errors.IsEmpty)
        {
            ShowErrors(errors);
            return Page();
        }
        var who = customerId is { } id ? new Rescinder(id, CurrentUser.From(User)!.Subject) : Rescinder.Anonymous;
        var outcome = await RescindEnrollment.HandleAsync(ConfirmationNumber!, new RescindEnrollmentRequest(Email, Reason), who, db, calendar, ct);
        switch (outcome)
        {
            case Outcome<RescindEnrollmentResponse>.Done done:
                Rescinded = done.Value;
                break;
            case Outcome<RescindEnrollmentResponse>.Invalid invalid:
                ShowErrors(invalid.Errors);
                break;
            case Outcome<RescindEnrollmentResponse>.Refused refused:
                errors.Add("confirmationNumber", refused.Why.Detail);
                ShowErrors(errors);
                break;
        }
        return Page();
    }

    /// <summary>The customer of the portal session, when signed in as one; staff roles never apply in the portal.</summary>
    private async Task<long?> SignedInCustomerAsync(CancellationToken ct) =>
        CurrentUser.From(User) is { } user && user.Roles.Contains(Roles.Customer) ? await links.LinkedCustomerAsync(user, ct) : null;
}
