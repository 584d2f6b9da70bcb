using CustomerService.Common;
using CustomerService.Features.Enrollment;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Enrollment;

/// <summary>
/// One step of Start service. GET shows the step with the answers so far; POST keeps what was entered (always,
/// even when it fails validation), checks it with the API's rules and moves on, or goes back without checking.
/// A step cannot be reached before the ones it depends on, and after submission every step leads to the confirmation.
/// A signed-in customer's journey adds service to them: their type and contact details come from their record.
/// </summary>
public abstract class EnrollmentStepModel(EnrollmentJourney journey) : PortalPageModel
{
    public abstract int Number { get; }

    public EnrollmentStep Step => EnrollmentSteps.Get(Number);

    public EnrollmentDraft Draft { get; private set; } = EnrollmentDraftStore.New();

    public EnrollmentRequest Answers => Draft.Request;

    /// <summary>The signed-in customer the enrollment adds service to, or null for a new customer.</summary>
    public EnrollingCustomer? Customer { get; private set; }

    /// <summary>Where the confirmation and emailed bills go: the signed-in customer's email, or the one entered.</summary>
    public string? ContactEmail => Customer?.Email ?? Answers.Email;

    public bool IsBusiness => Answers.CustomerType == Features.Customers.CustomerTypes.Business;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } redirect) return redirect;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] EnrollmentRequest form, [FromForm] string? nav, CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } redirect) return redirect;
        var before = Draft.Request;
        Draft = Draft with { Request = Apply(before, form ?? new EnrollmentRequest()) };
        if (nav == "back")
        {
            await journey.Drafts.SaveAsync(HttpContext, Draft, ct);
            return Redirect(EnrollmentSteps.Get(Math.Max(1, Number - 1)).Path);
        }

        var errors = await journey.Checks.CheckAsync(Step, Draft.Request, Customer, ct);
        if (!errors.IsEmpty)
        {
            await journey.Drafts.SaveAsync(HttpContext, Draft, ct); // nothing entered is lost, even when it is wrong
            ShowErrors(errors);
            await LoadAsync(ct);
            return Page();
        }
        // A changed answer that later steps depend on (customer type, service address) sends the visitor through them again.
        Draft = Draft with { CompletedStep = ChangesLaterSteps(before, Draft.Request) ? Number : Math.Max(Draft.CompletedStep, Number) };
        return await CompleteAsync(ct);
    }

    /// <summary>Takes this step's fields from the posted form into the answers.</summary>
    protected abstract EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form);

    /// <summary>Whether the new answers make later steps' answers stale (they must then be confirmed again).</summary>
    protected virtual bool ChangesLaterSteps(EnrollmentRequest before, EnrollmentRequest after) => false;

    /// <summary>Loads what the step shows besides the answers (plans, meters).</summary>
    protected virtual Task LoadAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The step's answers passed: save and go to the next step (the review step submits instead).</summary>
    protected virtual async Task<IActionResult> CompleteAsync(CancellationToken ct)
    {
        await SaveAsync(Draft, ct);
        return Redirect(EnrollmentSteps.Get(Number + 1).Path);
    }

    protected async Task SaveAsync(EnrollmentDraft draft, CancellationToken ct)
    {
        Draft = draft;
        await journey.Drafts.SaveAsync(HttpContext, draft, ct);
    }

    private async Task<IActionResult?> OpenAsync(CancellationToken ct)
    {
        (Draft, Customer) = await journey.OpenAsync(HttpContext, ct);
        if (Draft.Submitted is not null) return Redirect(EnrollmentSteps.ConfirmationPath);
        if (Number > Draft.CompletedStep + 1) return Redirect(EnrollmentSteps.Get(Draft.CompletedStep + 1).Path);
        return null;
    }
}
