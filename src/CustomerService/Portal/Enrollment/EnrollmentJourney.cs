namespace CustomerService.Portal.Enrollment;

/// <summary>What every Start service page works with: the visitor's draft, the step checks and the signed-in customer, if any.</summary>
public sealed class EnrollmentJourney(EnrollmentDraftStore drafts, EnrollmentStepChecks checks, EnrollingCustomers customers)
{
    public EnrollmentDraftStore Drafts => drafts;

    public EnrollmentStepChecks Checks => checks;

    /// <summary>The signed-in customer, and the draft as this session may continue it (<see cref="EnrollmentDraft.ContinuedBy"/>).</summary>
    public async Task<(EnrollmentDraft Draft, EnrollingCustomer? Customer)> OpenAsync(HttpContext http, CancellationToken ct)
    {
        var customer = await customers.ForSessionAsync(http, ct);
        var draft = (await drafts.LoadAsync(http, ct) ?? EnrollmentDraftStore.New()).ContinuedBy(customer);
        return (draft, customer);
    }
}
