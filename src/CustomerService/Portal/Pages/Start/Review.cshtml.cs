using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Enrollment;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Start;

public sealed class ReviewModel(EnrollmentJourney journey, SubmitEnrollment enrollment, PlanCatalog catalog, CustomerDbContext db)
    : EnrollmentStepModel(journey)
{
    public override int Number => 7;

    public EnrollmentSummary Summary { get; private set; } = null!;

    /// <summary>A problem found only on submission (a meter taken meanwhile, an email registered meanwhile).</summary>
    public string? SubmissionProblem { get; private set; }

    public string BillDelivery => Answers.Preferences?.BillDelivery ?? Features.Preferences.BillDelivery.Email;

    /// <summary>The terms, and for a new customer their bill delivery and marketing choices (a signed-in customer keeps their preferences, as in the API).</summary>
    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        answers with
        {
            Preferences = Customer is not null ? null
                : new EnrollmentPreferencesInput { BillDelivery = form.Preferences?.BillDelivery, MarketingOptIn = form.Preferences?.MarketingOptIn ?? false },
            AcceptedTerms = form.AcceptedTerms ?? false,
        };

    protected override async Task LoadAsync(CancellationToken ct) =>
        Summary = await EnrollmentSummary.ForAsync(Answers, Customer, catalog, db, ct);

    /// <summary>
    /// Submits the answers through the enrollment use case, with the draft's idempotency key: a second click replays
    /// the first. A signed-in customer's enrollment adds service to them (the draft is theirs: <see cref="EnrollmentDraft.ContinuedBy"/>).
    /// </summary>
    protected override async Task<IActionResult> CompleteAsync(CancellationToken ct)
    {
        await SaveAsync(Draft, ct);
        switch (await enrollment.HandleAsync(Draft.Request, Draft.IdempotencyKey, signedInCustomerId: Customer?.Id, ct))
        {
            case EnrollmentOutcome.Enrolled enrolled:
                await SaveAsync(Draft with { Submitted = enrolled.Response }, ct);
                return Redirect(EnrollmentSteps.ConfirmationPath);
            case EnrollmentOutcome.Invalid invalid:
                // Something an earlier step accepted no longer holds (the date window moved, a plan was withdrawn).
                ShowErrors(invalid.Errors);
                break;
            case EnrollmentOutcome.Conflict conflict:
                var metersTaken = conflict.Extensions?.ContainsKey("meterIds") == true;
                SubmissionProblem = metersTaken
                    ? "One of the meters you chose has just been enrolled by someone else. Go back to Meters and choose again."
                    : conflict.Detail;
                var errors = new ValidationErrors();
                // A new customer's other conflict is their email (registered meanwhile); a signed-in customer's is their record's state.
                errors.Add(metersTaken ? "selectedMeterIds" : Customer is null ? "email" : "$", SubmissionProblem);
                ShowErrors(errors);
                break;
            default:
                SubmissionProblem = "This enrollment was already submitted with different answers. Start again, or call us if you need help.";
                break;
        }
        await LoadAsync(ct);
        return Page();
    }
}
