using CustomerService.Features.Enrollment;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Enrollment;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Start;

/// <summary>The submitted enrollment: confirmation number, summary, what happens next. Printable; "Start again" forgets it.</summary>
public sealed class ConfirmationModel(EnrollmentJourney journey, PlanCatalog catalog, CustomerDbContext db) : PortalPageModel
{
    public EnrollmentResponse Enrollment { get; private set; } = null!;

    public EnrollmentSummary Summary { get; private set; } = null!;

    /// <summary>Whether the enrollment added service to the signed-in customer (then the page leads to their dashboard, not to sign-in).</summary>
    public bool ForSignedInCustomer => Summary.Customer is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (draft, customer) = await journey.OpenAsync(HttpContext, ct);
        if (draft.Submitted is null) return Redirect(EnrollmentSteps.Get(1).Path);
        Enrollment = draft.Submitted;
        Summary = await EnrollmentSummary.ForAsync(draft.Request, customer, catalog, db, ct) with
        {
            MeterNumbers = Enrollment.EnrolledMeters.Select(m => m.MeterNumber).ToList(),
            StartDate = Enrollment.Contract.StartDate,
            EndDate = Enrollment.Contract.EndDate,
        };
        return Page();
    }

    /// <summary>Forgets the submitted journey so another enrollment can start from step 1.</summary>
    public async Task<IActionResult> OnPostStartAgainAsync(CancellationToken ct)
    {
        await journey.Drafts.DiscardAsync(HttpContext, ct);
        return Redirect(EnrollmentSteps.Get(1).Path);
    }
}
