using CustomerService.Features.Enrollment;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class MailingModel(EnrollmentJourney journey) : EnrollmentStepModel(journey)
{
    public override int Number => 6;

    public bool SameAsService => Answers.MailingAddress?.SameAsService ?? true;

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form)
    {
        var mailing = form.MailingAddress ?? new MailingAddressInput { SameAsService = true };
        // "Same as service" ignores the separate fields, so keep what was typed there for a change of mind, unvalidated.
        return answers with { MailingAddress = mailing with { SameAsService = mailing.SameAsService ?? true } };
    }
}
